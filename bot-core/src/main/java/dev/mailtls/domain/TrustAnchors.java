package dev.mailtls.domain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The DNSSEC trust anchors validation starts from: DS or DNSKEY records in zone-file format. By
 * default the IANA root zone's key-signing keys shipped in mailtls ({@link #ianaRoot()});
 * {@code --dnssec-anchor FILE} and {@code MAILTLS_DNSSEC_ANCHORS} replace them ({@link
 * #fromFile(Path)}), e.g. with a test zone's key.
 */
public final class TrustAnchors {

    private static final String ROOT_RESOURCE = "root-anchors.zone";

    private final String source;
    private final String text;
    private final List<String> records;
    private final List<Name> zones;

    private TrustAnchors(String source, String text, List<String> records, List<Name> zones) {
        this.source = source;
        this.text = text;
        this.records = List.copyOf(records);
        this.zones = List.copyOf(zones);
    }

    /**
     * The root zone's DS records for KSK-2017 (key tag 20326) and KSK-2024 (key tag 38696), as IANA
     * publishes them in root-anchors.xml.
     */
    public static TrustAnchors ianaRoot() {
        try (InputStream in = TrustAnchors.class.getResourceAsStream(ROOT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the IANA root anchors are missing from the jar: " + ROOT_RESOURCE);
            }
            return parse("the IANA root anchors", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the IANA root anchors", e);
        }
    }

    /**
     * The DS or DNSKEY records in {@code file}.
     *
     * @throws IllegalArgumentException naming the file (and the line) when it cannot be read, does
     *     not parse, holds another record type, or holds no anchor at all
     */
    public static TrustAnchors fromFile(Path file) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read the DNSSEC trust anchor file " + file + ": " + e, e);
        }
        return parse(file.toString(), text);
    }

    /**
     * The DS or DNSKEY records in {@code text}; {@code source} names it in error messages.
     *
     * @throws IllegalArgumentException as {@link #fromFile(Path)}
     */
    public static TrustAnchors parse(String source, String text) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        List<String> records = new ArrayList<>();
        List<Name> zones = new ArrayList<>();
        try (Master master =
                new Master(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Name.root, 0)) {
            master.disableIncludes(true);
            org.xbill.DNS.Record record;
            while ((record = master.nextRecord()) != null) {
                if (record.getType() != Type.DS && record.getType() != Type.DNSKEY) {
                    throw new IllegalArgumentException(source + ":" + lineOf(text, Type.string(record.getType()))
                            + ": a " + Type.string(record.getType()) + " record; a trust anchor is DS or DNSKEY: "
                            + record);
                }
                records.add(record.toString());
                if (!zones.contains(record.getName())) {
                    zones.add(record.getName());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException
                    && e.getMessage() != null
                    && e.getMessage().startsWith(source)) {
                throw (IllegalArgumentException) e;
            }
            // dnsjava's tokenizer says "<none>:LINE: what", as it read a stream.
            String message = String.valueOf(e.getMessage()).replaceFirst("^<none>:", "");
            throw new IllegalArgumentException(
                    "bad DNSSEC trust anchor file " + source + ":" + (message.matches("^\\d+:.*") ? "" : " ") + message
                            + " (expected DS or DNSKEY records in zone-file format)",
                    e);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException(
                    "no DS or DNSKEY record in the DNSSEC trust anchor file " + source + " (zone-file format)");
        }
        return new TrustAnchors(source, text, records, zones);
    }

    /** The 1-based line where {@code type} first appears as a word outside a comment (0 if none). */
    private static int lineOf(String text, String type) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int comment = line.indexOf(';');
            String code = comment >= 0 ? line.substring(0, comment) : line;
            for (String word : code.trim().split("\\s+")) {
                if (word.toUpperCase(Locale.ROOT).equals(type)) {
                    return i + 1;
                }
            }
        }
        return 0;
    }

    /** Where the anchors came from: a file's path, or "the IANA root anchors". */
    public String source() {
        return source;
    }

    /** The anchors in presentation form, one record each. */
    public List<String> records() {
        return records;
    }

    /** The zones the anchors vouch for ({@code .} for the root), in the order the records name them. */
    List<Name> zones() {
        return zones;
    }

    /** The text as read, for {@link org.xbill.DNS.dnssec.ValidatingResolver#loadTrustAnchors}. */
    String text() {
        return text;
    }

    @Override
    public String toString() {
        return source + " (" + records.size() + " records)";
    }
}
