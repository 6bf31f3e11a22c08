package dev.mailtls.slack;

import dev.mailtls.summary.GroupSummary;
import dev.mailtls.summary.Notifier;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

/**
 * Posts group summaries to a Slack channel ({@code slack:C0123456}) through {@link SlackNotifier},
 * which honours Slack's 429s. Days until certificate expiry are counted from the clock's now.
 */
public final class SlackSummaryNotifier implements Notifier {
    private final SlackNotifier slack;
    private final SlackSummaryRenderer renderer = new SlackSummaryRenderer();
    private final Clock clock;

    public SlackSummaryNotifier(SlackNotifier slack, Clock clock) {
        this.slack = Objects.requireNonNull(slack, "slack");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String kind() {
        return "slack";
    }

    /**
     * @param destination a channel id such as {@code C0123456}
     * @throws IllegalArgumentException when it is not a channel id
     */
    @Override
    public void post(String destination, GroupSummary summary) throws IOException {
        if (!destination.matches("[A-Z0-9]{2,24}")) {
            throw new IllegalArgumentException(
                    "a Slack destination is a channel id such as C0123456, was '" + clip(destination) + "'");
        }
        slack.post(destination, renderer.render(summary, clock.instant()), renderer.fallbackText(summary));
    }

    private static String clip(String s) {
        String c = s.replaceAll("\\p{Cntrl}", "?");
        return c.length() > 40 ? c.substring(0, 40) + "…" : c;
    }
}
