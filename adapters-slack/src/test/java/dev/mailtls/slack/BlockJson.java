package dev.mailtls.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Blocks as Slack receives them (the SDK's own JSON), and checks of Block Kit's limits. */
final class BlockJson {
    private BlockJson() {}

    static String json(List<LayoutBlock> blocks) {
        return GsonFactory.createSnakeCase().toJson(blocks);
    }

    static JsonArray tree(List<LayoutBlock> blocks) {
        return JsonParser.parseString(json(blocks)).getAsJsonArray();
    }

    /** Every "text" string in the blocks: section texts, fields, context elements, headers, buttons. */
    static List<String> texts(List<LayoutBlock> blocks) {
        List<String> out = new ArrayList<>();
        collect(tree(blocks), out);
        return out;
    }

    private static void collect(JsonElement e, List<String> out) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collect(x, out));
        } else if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
                if ((m.getKey().equals("text") || m.getKey().equals("value"))
                        && m.getValue().isJsonPrimitive()) {
                    out.add(m.getValue().getAsString());
                } else {
                    collect(m.getValue(), out);
                }
            }
        }
    }

    /** Block Kit's limits: 50 blocks, 3,000 per section text, 10 fields of 2,000, header 150, context 10. */
    static void assertWithinLimits(List<LayoutBlock> blocks) {
        assertWithinLimits(tree(blocks));
    }

    /** The same checks of blocks as Slack received them (a message's {@code blocks}). */
    static void assertWithinLimits(JsonArray all) {
        assertThat(all.size()).as("blocks").isLessThanOrEqualTo(50);
        for (JsonElement b : all) {
            JsonObject block = b.getAsJsonObject();
            String type = block.get("type").getAsString();
            switch (type) {
                case "header" ->
                    assertThat(text(block).length()).as("header text").isLessThanOrEqualTo(150);
                case "section" -> {
                    if (block.has("text")) {
                        assertThat(text(block).length()).as("section text").isLessThanOrEqualTo(3000);
                    }
                    if (block.has("fields")) {
                        JsonArray fields = block.getAsJsonArray("fields");
                        assertThat(fields.size()).as("fields").isLessThanOrEqualTo(10);
                        fields.forEach(f -> assertThat(f.getAsJsonObject()
                                        .get("text")
                                        .getAsString()
                                        .length())
                                .as("field text")
                                .isLessThanOrEqualTo(2000));
                    }
                }
                case "context" -> {
                    JsonArray elements = block.getAsJsonArray("elements");
                    assertThat(elements.size()).as("context elements").isLessThanOrEqualTo(10);
                    elements.forEach(x -> assertThat(x.getAsJsonObject()
                                    .get("text")
                                    .getAsString()
                                    .length())
                            .isLessThanOrEqualTo(3000));
                }
                case "actions" ->
                    block.getAsJsonArray("elements").forEach(x -> {
                        JsonObject button = x.getAsJsonObject();
                        assertThat(button.get("action_id").getAsString().length())
                                .isLessThanOrEqualTo(255);
                        if (button.has("value")) {
                            assertThat(button.get("value").getAsString().length())
                                    .isLessThanOrEqualTo(2000);
                        }
                        if (button.has("url")) {
                            assertThat(button.get("url").getAsString().length()).isLessThanOrEqualTo(3000);
                        }
                        assertThat(button.getAsJsonObject("text")
                                        .get("text")
                                        .getAsString()
                                        .length())
                                .isLessThanOrEqualTo(75);
                    });
                default -> {}
            }
        }
    }

    private static String text(JsonObject block) {
        return block.getAsJsonObject("text").get("text").getAsString();
    }
}
