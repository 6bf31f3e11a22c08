package dev.mailtls.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Signs a {@link DnsZone} with BIND's tools: an ECDSA P-256 KSK and ZSK from {@code dnssec-keygen},
 * {@code dnssec-signzone -S} in one-record-a-line output, the KSK's DS from {@code
 * dnssec-dsfromkey -2}; then corrupts the RRSIGs the zone asks to break.
 */
final class ZoneSigner {

    /** The tools this needs. */
    static final List<String> TOOLS =
            List.of("/usr/bin/dnssec-keygen", "/usr/bin/dnssec-signzone", "/usr/bin/dnssec-dsfromkey");

    private static final Duration TOOL_WAIT = Duration.ofSeconds(30);

    /**
     * A signed zone's file and its KSK, as a DS and as a DNSKEY record (zone-file lines).
     */
    record Keys(Path signedFile, String ds, String dnskey) {}

    private ZoneSigner() {}

    /** Signs {@code unsigned} into {@code zoneDirectory/zone.signed}, with keys under {@code zoneDirectory/keys}. */
    static Keys sign(DnsZone zone, Path zoneDirectory, Path unsigned) throws IOException {
        Path keys = Files.createDirectories(zoneDirectory.resolve("keys"));
        String ksk = tool(
                        "dnssec-keygen",
                        "-q",
                        "-K",
                        keys.toString(),
                        "-a",
                        "ECDSAP256SHA256",
                        "-f",
                        "KSK",
                        "-n",
                        "ZONE",
                        zone.origin())
                .output()
                .strip();
        tool("dnssec-keygen", "-q", "-K", keys.toString(), "-a", "ECDSAP256SHA256", "-n", "ZONE", zone.origin());
        Path signedFile = zoneDirectory.resolve("zone.signed");
        tool(
                "dnssec-signzone",
                "-S",
                "-K",
                keys.toString(),
                "-d",
                keys.toString(),
                "-o",
                zone.origin(),
                "-O",
                "full",
                "-f",
                signedFile.toString(),
                unsigned.toString());
        Path kskFile = keys.resolve(ksk + ".key");
        String ds = tool("dnssec-dsfromkey", "-2", kskFile.toString()).output().strip();
        String dnskey = Files.readAllLines(kskFile).stream()
                .filter(line -> !line.isBlank() && !line.startsWith(";"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no DNSKEY in " + kskFile));
        if (!zone.brokenSignatures().isEmpty()) {
            breakSignatures(zone, signedFile);
        }
        return new Keys(signedFile, ds, dnskey);
    }

    /** Flips bits in the middle of each named RRSIG's signature, in {@code -O full} one-line records. */
    private static void breakSignatures(DnsZone zone, Path signedFile) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(signedFile));
        for (String target : zone.brokenSignatures()) {
            String[] ownerAndType = target.split(" ");
            boolean found = false;
            for (int i = 0; i < lines.size(); i++) {
                String[] fields = lines.get(i).trim().split("\\s+");
                // owner ttl class RRSIG covered algorithm labels original-ttl expiry inception tag signer signature...
                if (fields.length > 12
                        && fields[0].equalsIgnoreCase(ownerAndType[0])
                        && fields[3].equals("RRSIG")
                        && fields[4].equalsIgnoreCase(ownerAndType[1])) {
                    String base64 = String.join("", List.of(fields).subList(12, fields.length));
                    byte[] signature = Base64.getDecoder().decode(base64);
                    signature[signature.length / 2] ^= (byte) 0xff;
                    lines.set(
                            i,
                            String.join(" ", List.of(fields).subList(0, 12)) + " "
                                    + Base64.getEncoder().encodeToString(signature));
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no RRSIG over " + target + " in the signed zone " + zone.origin());
            }
        }
        Files.write(signedFile, lines);
    }

    private static ExternalCommand tool(String name, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/" + name);
        command.addAll(List.of(arguments));
        return ExternalCommand.run(TOOL_WAIT, command.toArray(String[]::new)).requireSuccess();
    }
}
