package dev.mailtls.testing;

import dev.mailtls.net.Printable;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The chat-injection corpus: text a hostile mail server or certificate chooses (a banner, a reply,
 * a capability, a subject, an issuer, a SAN), shared by every renderer's corpus test (Slack,
 * Discord, text, Markdown). Each case carries a {@code marker}, a plain word that appears nowhere
 * else in a fixture: finding it in the output proves the hostile text is shown, not dropped. The
 * assertions of what must never happen (a ping, a link, broken markup, a raw invisible character)
 * are each platform's, with the shared ones here.
 *
 * @param name what the case attacks, for test names
 * @param text the hostile text
 * @param marker a word of {@code text} that must stay visible
 */
public record HostileText(String name, String text, String marker) {
    public HostileText {
        Objects.requireNonNull(text, "text");
        if (!text.contains(marker) || !marker.matches("[A-Za-z0-9]{5,}")) {
            throw new IllegalArgumentException("the marker must be a plain word of the text: " + name);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** The text with the marker ahead, for places that show only a prefix (a cut name, a subject). */
    public String cutSafe() {
        return text.startsWith(marker) ? text : marker + " " + text;
    }

    /** The invisible characters the text holds: each must be shown escaped ({@link Printable#escape}). */
    public List<Integer> hiddenCharacters() {
        return text.codePoints()
                .filter(c -> c != '\n' && c != '\r' && Printable.hidden(c))
                .distinct()
                .boxed()
                .toList();
    }

    private static HostileText of(String name, String marker, String text) {
        return new HostileText(name, text, marker);
    }

    /** Every case. */
    public static List<HostileText> corpus() {
        return CORPUS;
    }

    public static Stream<HostileText> stream() {
        return CORPUS.stream();
    }

    private static final List<HostileText> CORPUS = List.of(
            // Discord mentions and active forms
            of("everyone", "Qeveryone", "220 Qeveryone @everyone the server is down"),
            of("here", "Qhere1", "220 Qhere1 @here please look"),
            of("everyone shouted", "Qshout", "220 Qshout @EVERYONE @HeRe"),
            of("user mention", "Quser1", "220 Quser1 hi <@123456789012345678> and <@!123456789012345678>"),
            of("role mention", "Qrole1", "220 Qrole1 <@&987654321098765432> ping"),
            of("channel mention", "Qchan1", "220 Qchan1 see <#112233445566778899>"),
            of("slash command mention", "Qslash", "220 Qslash run </mailtls:1234567890>"),
            of("timestamp", "Qstamp", "220 Qstamp at <t:1700000000:R>"),
            of("custom emoji", "Qemoji", "220 Qemoji <:pwn:123456789012345678> <a:pwn:1>"),
            // Slack mentions and links
            of("slack channel", "Qslk01", "Qslk01 <!channel> server down, click below"),
            of("slack everyone", "Qslk02", "Qslk02 <!everyone>"),
            of("slack here with label", "Qslk03", "Qslk03 <!here|here>"),
            of("slack user group", "Qslk04", "Qslk04 <!subteam^S123|@oncall>"),
            of("slack user", "Qslk05", "Qslk05 <@U123ABC> please log in"),
            of("slack channel link", "Qslk06", "Qslk06 <#C123|general>"),
            of("slack labelled link", "Qslk07", "Qslk07 <https://evil.example|click here to fix>"),
            of("slack mailto", "Qslk08", "Qslk08 <mailto:x@evil.example|mail me>"),
            of("pre-escaped entities", "Qslk09", "Qslk09 &lt;!channel&gt; &amp;lt;@U1&amp;gt;"),
            // links and link forgery
            of("markdown link", "Qlink1", "220 Qlink1 [click here](https://evil.example/login) for a refund"),
            of("markdown link, suppressed embed", "Qlink2", "220 Qlink2 [innocent](<https://evil.example/x>)"),
            of("markdown link to http", "Qlink3", "Qlink3 [x](http://evil.example)"),
            of("bare https", "Qlink4", "220 Qlink4 visit https://evil.example/phish now"),
            of("bare http", "Qlink5", "220 Qlink5 or http://evil.example/phish"),
            of("angle link", "Qlink6", "220 Qlink6 <https://evil.example/suppressed>"),
            // code and markup breaks
            of("fence break", "Qfence", "220 Qfence ``` closing the fence @everyone ```"),
            of("fence with language", "Qfenc2", "Qfenc2 ```js\nalert(1)\n``` after"),
            of("inline code breaks", "Qtick1", "220 Qtick1 `` code `` and ` single"),
            of("lone backtick", "Qtick2", "Qtick2 ` one backtick"),
            of("backtick at the end", "Qtick3", "CN=Qtick3 evil`"),
            of("backtick mention", "Qtick4", "Qtick4 `@everyone` `<!channel>`"),
            of("formatting", "Qbold1", "220 Qbold1 **bold** __under__ ~~strike~~ ||spoiler|| *it* _x_ ~x~"),
            of("heading", "Qhead1", "# Qhead1 heading from the server"),
            of("subtext", "Qhead2", "-# Qhead2 subtext from the server"),
            of("quote", "Qquot1", "> Qquot1 quote from the server"),
            // lines
            of("CR overwrite", "Qcr001", "220 Qcr001 shown\roverwritten"),
            of("CRLF injected line", "Qcrlf1", "220 Qcrlf1 first\r\n250 @everyone injected"),
            of("LF injected line", "Qlf001", "220 Qlf001 first\n# injected heading <!channel>"),
            // terminal controls
            of("ANSI escapes", "Qansi1", "220 Qansi1 \u001B[2J\u001B[31mPWNED\u001B]0;owned\u0007 \u009B31m"),
            of("NUL and DEL", "Qnul01", "220 Qnul01 \u0000 nul \u007F del"),
            // bidi, zero-width and other format characters (Unicode Cf), and U+034F
            of("bidi override", "Qbidi1", "220 Qbidi1 \u202Eevil\u202C \u2066x\u2069"),
            of("bidi marks", "Qbidi2", "220 Qbidi2 \u200Fright\u200E left \u061C alm"),
            of("line separators", "Qsep01", "220 Qsep01 line\u2028separator\u2029paragraph"),
            of("zero width", "Qzero1", "220 Qzero1 zero\u200Bwidth\u200Cnon\u200Djoiner"),
            of("word joiner and BOM", "Qzero2", "220 Qzero2 word\u2060joiner\uFEFFbom"),
            of("grapheme joiner", "Qzero3", "220 Qzero3 grapheme\u034Fjoiner"),
            of("soft hyphen and MVS", "Qzero4", "220 Qzero4 soft\u00ADhyphen \u180E mvs"),
            of("zero width inside a mention", "Qzero5", "220 Qzero5 @\u200Beveryone <\u200B@U1> <\u2060!channel>"),
            of("invisible operators", "Qzero6", "220 Qzero6 a\u2061b\u2062c\u2063d\u2064e"),
            of("interlinear annotation", "Qzero7", "220 Qzero7 \uFFF9shown\uFFFAhidden\uFFFB"),
            of("tag characters", "Qzero8", "220 Qzero8 tag\uDB40\uDC01\uDB40\uDC41\uDB40\uDC7F"),
            of("Hangul fillers", "Qzero9", "220 Qzero9 blank\u3164here\u115Fand"),
            // size
            of("very long", "Qlong1", "Qlong1 " + "A".repeat(10_000) + " @everyone <!channel> <@U1>"),
            of("many lines", "Qlong2", "Qlong2\n" + "line\n".repeat(500) + "<@U999> @everyone"),
            of("long word", "Qlong3", "Qlong3 " + "`".repeat(2_000)));

    /** Discord's active forms: a mention, a link, a timestamp or emoji, a masked link. */
    public static final List<Pattern> DISCORD_ACTIVE = List.of(
            Pattern.compile("@(everyone|here)", Pattern.CASE_INSENSITIVE),
            Pattern.compile("<[@#/:]"),
            Pattern.compile("<t:"),
            Pattern.compile("<a?:\\w+:"),
            Pattern.compile("<https?:"),
            Pattern.compile("\\]\\("),
            Pattern.compile("https?://"));

    /** Slack's active forms: anything in angle brackets Slack parses, raw. */
    public static final Pattern SLACK_ACTIVE = Pattern.compile("<[!@#]|<https?:|<mailto:|\\|[^|]*>");

    /**
     * The first raw invisible character of {@code s}, or -1 when there is none. {@code allowed}
     * matches the renderer's own, deliberate uses (Discord breaks mentions with U+200B).
     */
    public static int rawHidden(String s, Pattern allowed) {
        Matcher m = allowed.matcher(s);
        String rest = m.replaceAll("");
        return rest.codePoints()
                .filter(c -> c != '\n' && c != '\t' && Printable.hidden(c))
                .findFirst()
                .orElse(-1);
    }

    /** Matches nothing: for renderers that insert no invisible character of their own. */
    public static final Pattern NONE = Pattern.compile("(?!)");

    /**
     * A healthy STARTTLS submission whose every server-chosen field holds {@code text}: greeting,
     * capabilities, STARTTLS reply, certificate subject, issuer and SAN, and the transcript.
     */
    public static dev.mailtls.card.Report report(String text) {
        String line = text.lines().findFirst().orElse("");
        return dev.mailtls.card.Report.of(
                ProbeResults.healthySubmission()
                        .greeting("220 " + text, "220 " + line)
                        .capsBefore("STARTTLS", "X-" + line)
                        .starttls(true, dev.mailtls.probe.StartTlsOutcome.Answer.ACCEPTED, "220 " + text)
                        .capsAfter("AUTH PLAIN", "X-" + text)
                        .leaf(Certificates.leaf("smtp.gmail.com")
                                .subject("CN=" + text)
                                .issuer("O=" + text)
                                .sans("smtp.gmail.com", text))
                        .transcript("S: 220 " + text, "C: EHLO mailtls.invalid", "S: 250 " + text)
                        .build(),
                new dev.mailtls.diagnosis.Diagnoser());
    }
}
