package dev.mailtls.command;

import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Target;
import dev.mailtls.endpoint.Transport;
import dev.mailtls.endpoint.WellKnownPorts;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The one grammar of every front end: {@code <host> [port] [tls|starttls|plain|auto]
 * [smtp|imap|pop3] [fresh] [auth] [private] [deep]}, words after the host in any order.
 */
public final class CommandParser {
    public static final String USAGE = String.join(
            "\n",
            "usage: <host> [port] [tls|starttls|plain|auto] [smtp|imap|pop3]",
            "  host       a mail server name or IP address, e.g. smtp.gmail.com (host:port works too)",
            "  port       1-65535; 25, 465, 587, 2525, 143, 993, 110 and 995 imply their protocol and transport",
            "  transport  tls (implicit TLS from the first byte; aliases ssl, implicit, smtps, imaps, pop3s),",
            "             starttls (plaintext greeting, then an upgrade; POP3's STLS), plain (never encrypted;",
            "             alias none), auto (the port's usual transport, else detected)",
            "  protocol   smtp, imap or pop3 (default: from the port, then from a smtp./imap./pop. host name,",
            "             then from the server's greeting)",
            "examples: smtp.gmail.com 587 starttls · imap.example.com 993 · mx.example.com 25");

    /**
     * Every word the grammar knows after the host, the usual spellings before their aliases: what
     * an unknown word is compared with for "did you mean".
     */
    static final List<String> WORDS = Stream.of(
                    Arrays.stream(Transport.values()).map(Transport::id),
                    Stream.of("auto"),
                    Arrays.stream(Protocol.values()).map(Protocol::id),
                    Stream.of("fresh", "auth", "private", "deep"),
                    Transport.ALIASES.stream(),
                    Protocol.ALIASES.stream())
            .flatMap(w -> w)
            .toList();

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("\\d+|0[xX][0-9A-Fa-f]*");
    /** An IPv4 address with a part written with a leading zero (0177.0.0.1): octal to some resolvers. */
    private static final Pattern LEADING_ZERO = Pattern.compile("(.*\\.)?0\\d.*");
    /** Longer than any name (253) or address literal with brackets, zone and port. */
    private static final int MAX_HOST_TEXT = 300;

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9]+)?");

    private CommandParser() {}

    /** Parses whitespace-separated text, e.g. a chat command's text. */
    public static ProbeCommand parse(String text) throws UsageException {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new UsageException("missing host");
        }
        return parse(List.of(t.split("\\s+")));
    }

    /** Parses words, e.g. a CLI's positional arguments. */
    public static ProbeCommand parse(List<String> words) throws UsageException {
        return parse(words, null);
    }

    /**
     * Parses words; {@code fallback} is the protocol when neither a port, nor a protocol word, nor
     * the host name tells it (the HTTP API's {@code {"host": ...}} alone). Without a fallback that
     * is a usage error, as in chat and the CLI.
     */
    public static ProbeCommand parse(List<String> words, @Nullable Protocol fallback) throws UsageException {
        if (words.isEmpty() || words.get(0).isBlank()) {
            throw new UsageException("missing host");
        }
        String hostWord = words.get(0);
        if (hostWord.contains("://")) {
            throw new UsageException("give a host name, not a URL: '" + clip(hostWord) + "'");
        }
        Integer port = null;
        String host = hostWord;
        int colon = hostWord.lastIndexOf(':');
        if (colon > 0 && hostWord.indexOf(':') == colon && !hostWord.endsWith("]")) {
            // host:port (an IPv6 literal has several colons and needs brackets for a port).
            host = hostWord.substring(0, colon);
            port = parsePort(hostWord.substring(colon + 1));
        } else if (hostWord.startsWith("[") && hostWord.contains("]:")) {
            host = hostWord.substring(0, hostWord.indexOf("]:") + 1);
            port = parsePort(hostWord.substring(hostWord.indexOf("]:") + 2));
        }
        host = validHost(host);

        Protocol protocol = null;
        Transport transport = null;
        int autos = 0;
        Set<ProbeCommand.Flag> flags = EnumSet.noneOf(ProbeCommand.Flag.class);
        for (String w : words.subList(1, words.size())) {
            String word = w.toLowerCase(Locale.ROOT);
            if (word.isEmpty()) {
                continue;
            }
            if (word.chars().allMatch(Character::isDigit)) {
                // Any Unicode digit counts here, so that '２５' is refused as a port, not as a word.
                if (port != null) {
                    throw new UsageException("two ports given: " + port + " and " + clip(w));
                }
                port = parsePort(word);
                continue;
            }
            if (word.equals("auto")) {
                // "auto" is "not given", in the transport's place and in the protocol's: the web form
                // and API clients send it for either field, so it may stand once for each.
                if (++autos > 2) {
                    throw new UsageException(
                            "'auto' given more than twice: it stands for the transport and the protocol");
                }
                continue;
            }
            Optional<Transport> tr = Transport.fromWord(word);
            if (tr.isPresent()) {
                if (transport != null) {
                    throw new UsageException("two transports given; choose one of tls, starttls, plain, auto");
                }
                transport = tr.get();
                // smtps/imaps/pop3s also name the protocol.
                if (protocol == null) {
                    protocol = switch (word) {
                        case "smtps" -> Protocol.SMTP;
                        case "imaps" -> Protocol.IMAP;
                        case "pop3s", "pops" -> Protocol.POP3;
                        default -> null;
                    };
                }
                continue;
            }
            Optional<Protocol> pr = Protocol.fromWord(word);
            if (pr.isPresent()) {
                if (protocol != null && protocol != pr.get()) {
                    throw new UsageException("two protocols given: " + protocol.id() + " and " + clip(w));
                }
                protocol = pr.get();
                continue;
            }
            ProbeCommand.Flag flag = switch (word) {
                case "fresh" -> ProbeCommand.Flag.FRESH;
                case "auth" -> ProbeCommand.Flag.AUTH;
                case "private" -> ProbeCommand.Flag.PRIVATE;
                case "deep" -> ProbeCommand.Flag.DEEP;
                default -> null;
            };
            if (flag == null) {
                throw new UsageException("unknown word '" + clip(w) + "': "
                        + DidYouMean.closest(word, WORDS)
                                .map(known -> "did you mean " + known + "?")
                                .orElse("expected a port, a transport (tls, starttls, plain, auto) or a protocol"
                                        + " (smtp, imap, pop3)"));
            }
            flags.add(flag);
        }

        if (protocol == null && port != null) {
            protocol = WellKnownPorts.protocolOf(port).orElse(null);
        }
        if (protocol == null) {
            protocol = WellKnownPorts.protocolOfHost(host).orElse(null);
        }
        if (port == null) {
            if (protocol == null) {
                protocol = fallback;
            }
            if (protocol == null) {
                throw new UsageException(
                        "no port given and the protocol is unknown: add a port (e.g. 587) or a protocol (smtp, imap, pop3)");
            }
            port = WellKnownPorts.defaultPort(protocol, transport == null ? defaultTransport(protocol) : transport);
        }
        return new ProbeCommand(host, port, protocol, transport, flags);
    }

    /** Without a port: implicit TLS for IMAP and POP3 (RFC 8314), submission with STARTTLS for SMTP. */
    private static Transport defaultTransport(Protocol p) {
        return p == Protocol.SMTP ? Transport.STARTTLS : Transport.TLS;
    }

    /**
     * A port in ASCII digits only: {@link Character#isDigit} and {@link Integer#parseInt} accept
     * every script's digits, so '２５' (full-width) or '٢٥' (Arabic-Indic) would become 25.
     */
    private static int parsePort(String s) throws UsageException {
        if (!s.isEmpty() && !isAscii(s) && s.chars().allMatch(Character::isDigit)) {
            throw new UsageException("bad port '" + clip(s) + "': write the port in ASCII digits 0-9");
        }
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new UsageException("bad port '" + clip(s) + "': a port is a number from 1 to 65535");
        }
        int p = Integer.parseInt(s);
        if (p < 1 || p > 65535) {
            throw new UsageException("bad port " + p + ": a port is a number from 1 to 65535");
        }
        return p;
    }

    private static String validHost(String raw) throws UsageException {
        String h = raw.strip();
        if (h.contains("://")) {
            throw new UsageException("give a host name, not a URL: '" + clip(h) + "'");
        }
        if (h.length() > MAX_HOST_TEXT) {
            throw new UsageException("'" + clip(h) + "' is too long for a host name (at most 253 characters)");
        }
        if (!isAscii(h)) {
            // Before lower-casing: the Kelvin sign U+212A lower-cases to an ASCII 'k', and the JDK's
            // address parser reads any script's digits.
            throw new UsageException("'" + clip(h) + "' is not ASCII: write an international name in its"
                    + " xn-- (IDNA) form and an address in ASCII digits");
        }
        String n = Target.normaliseHost(h);
        if (n.isEmpty()) {
            throw new UsageException("missing host");
        }
        if (IPV4.matcher(n).matches() && LEADING_ZERO.matcher(n).matches()) {
            // 0177.0.0.1 means 127.0.0.1 to some resolvers and 177.0.0.1 to others: refuse to guess.
            throw new UsageException("'" + clip(h) + "' has a leading zero: write the address in plain decimal");
        }
        boolean ok = n.contains(":")
                ? IPV6.matcher(n).matches()
                : IPV4.matcher(n).matches() || HOST_NAME.matcher(n).matches();
        if (!ok
                || n.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.')
                        && !IPV4.matcher(n).matches()) {
            throw new UsageException("'" + clip(h) + "' is not a host name or IP address");
        }
        if (!n.contains(":")
                && !IPV4.matcher(n).matches()
                && NUMERIC_LABEL.matcher(lastLabel(n)).matches()) {
            // 0x7f.0.0.1 or 127.1: no top-level domain is numeric, but inet_aton reads these as addresses.
            throw new UsageException("'" + clip(h)
                    + "' looks like an IPv4 address in another notation: write it as four decimal numbers");
        }
        return n;
    }

    private static String lastLabel(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    /**
     * The user's text as it may be quoted in a one-line message: at most 60 code points, and every
     * control, format (bidi overrides, zero-width), line or paragraph separator, surrogate, private
     * use or unassigned code point as '?'. {@code \\p{Cntrl}} alone is ASCII-only in Java.
     */
    public static String clip(@Nullable String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int[] cps = s.codePoints().limit(61).toArray();
        for (int i = 0; i < Math.min(cps.length, 60); i++) {
            out.appendCodePoint(quotable(cps[i]) ? cps[i] : '?');
        }
        return cps.length > 60 ? out + "…" : out.toString();
    }

    private static boolean quotable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE,
                    Character.PRIVATE_USE,
                    Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
