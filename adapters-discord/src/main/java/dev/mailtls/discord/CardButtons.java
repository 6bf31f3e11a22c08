package dev.mailtls.discord;

import dev.mailtls.chat.ChatAsk;
import dev.mailtls.command.ProbeCommand;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.actionrow.ActionRowChildComponent;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.jspecify.annotations.Nullable;

/**
 * The buttons under a card: Re-run (fresh), whose custom id carries the command in the shared
 * grammar's words (a domain card's: {@code domain example.com fresh}), and Open in browser, a link
 * to the web page's result (a domain card's: the page's domain form) when the server has a public
 * URL. Discord caps a custom id at 100 characters and a link at 512: a command or link that does
 * not fit leaves its button out rather than cutting it.
 *
 * @param rerunId {@code mailtls:rerun:<words>}; null for no Re-run button
 * @param browserUrl the web page's link to this result; null for no Open in browser button
 */
public record CardButtons(
        @Nullable String rerunId, @Nullable String browserUrl) {
    /** What every Re-run custom id starts with. */
    public static final String RERUN_PREFIX = "mailtls:rerun:";

    static final String RERUN_LABEL = "Re-run (fresh)";
    static final String BROWSER_LABEL = "Open in browser";

    static final int BUTTON = 2;
    static final int SECONDARY = 2;
    static final int LINK = 5;
    static final int ACTION_ROW = 1;

    public static final CardButtons NONE = new CardButtons(null, null);

    /**
     * The buttons of a card for {@code command}.
     *
     * @param publicUrl the web page's base URL without a trailing slash; null for no link
     */
    public static CardButtons of(ProbeCommand command, @Nullable String publicUrl) {
        return fitting(
                command.with(ProbeCommand.Flag.FRESH).words(),
                publicUrl == null ? null : publicUrl + command.webLink());
    }

    /**
     * The buttons of a domain card for {@code ask}.
     *
     * @param publicUrl the web page's base URL without a trailing slash; null for no link
     */
    public static CardButtons of(ChatAsk.Domain ask, @Nullable String publicUrl) {
        return fitting(ask.rerunWords(), publicUrl == null ? null : publicUrl + ask.webLink());
    }

    /** Each button whose custom id or link fits Discord's limit. */
    private static CardButtons fitting(String rerunWords, @Nullable String url) {
        String id = RERUN_PREFIX + rerunWords;
        return new CardButtons(
                id.length() <= Button.ID_MAX_LENGTH ? id : null,
                url != null && url.length() <= Button.URL_MAX_LENGTH ? url : null);
    }

    boolean isEmpty() {
        return rerunId == null && browserUrl == null;
    }

    /** For the gateway (JDA): one action row, or none. */
    List<ActionRow> rows() {
        List<ActionRowChildComponent> buttons = new ArrayList<>();
        if (rerunId != null) {
            buttons.add(Button.secondary(rerunId, RERUN_LABEL));
        }
        if (browserUrl != null) {
            buttons.add(Button.link(browserUrl, BROWSER_LABEL));
        }
        return buttons.isEmpty() ? List.of() : List.of(ActionRow.of(buttons));
    }

    /** For the HTTP endpoint's follow-ups: the {@code components} array. */
    DataArray json() {
        DataArray buttons = DataArray.empty();
        if (rerunId != null) {
            buttons.add(DataObject.empty()
                    .put("type", BUTTON)
                    .put("style", SECONDARY)
                    .put("label", RERUN_LABEL)
                    .put("custom_id", rerunId));
        }
        if (browserUrl != null) {
            buttons.add(DataObject.empty()
                    .put("type", BUTTON)
                    .put("style", LINK)
                    .put("label", BROWSER_LABEL)
                    .put("url", browserUrl));
        }
        return buttons.isEmpty()
                ? DataArray.empty()
                : DataArray.empty()
                        .add(DataObject.empty().put("type", ACTION_ROW).put("components", buttons));
    }
}
