package dev.mailtls.card;

import dev.mailtls.card.Card.SuiteGroup;
import dev.mailtls.card.Card.SuiteTable;
import dev.mailtls.card.Card.VersionRow;
import dev.mailtls.internal.text.HumanTime;
import dev.mailtls.internal.tls.SuiteCatalog;
import dev.mailtls.tls.TlsEnumeration;
import dev.mailtls.tls.TlsEnumeration.VersionSuites;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The card's table of a deep probe: versions newest first, suites grouped by key exchange. */
final class SuiteTables {
    /** The group of a name the registry does not know (the enumeration writes its number, 0x1301). */
    static final String UNNAMED = "unnamed";

    private SuiteTables() {}

    static SuiteTable of(TlsEnumeration found) {
        List<VersionRow> rows = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (VersionSuites v : found.versions()) {
            switch (v.accepted()) {
                case YES -> {
                    rows.add(0, row(v));
                    accepted.add(0, v.version());
                }
                case NO -> refused.add(v.version());
                case UNKNOWN -> unknown.add(v.version() + ": no offer got an answer");
            }
        }
        unknown.addAll(found.unknown());
        String heading = (accepted.isEmpty() ? "no version accepted" : String.join(", ", accepted) + " accepted")
                + " · " + found.connections() + (found.connections() == 1 ? " connection" : " connections") + " in "
                + HumanTime.of(found.millis());
        return new SuiteTable(heading, rows, refused, unknown);
    }

    private static VersionRow row(VersionSuites v) {
        List<String> parts = new ArrayList<>();
        int n = v.suites().size();
        parts.add(n == 0 ? "accepted, suites unknown" : n == 1 ? "1 suite" : n + " suites");
        if (v.serverPreference() != null) {
            parts.add(v.serverPreference() ? "server's order" : "client's order");
        } else if (n > 1) {
            parts.add("order unknown");
        }
        if (!v.groups().isEmpty()) {
            parts.add(String.join(", ", v.groups()));
        }
        if (!v.dhBits().isEmpty()) {
            parts.add(
                    "DH " + v.dhBits().stream().distinct().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String name : v.suites()) {
            SuiteCatalog.Suite s = SuiteCatalog.byName(name);
            String kx = s == null ? UNNAMED : s.keyExchange();
            String cipher = s == null ? name : s.cipher();
            groups.computeIfAbsent(kx, k -> new ArrayList<>()).add(cipher);
        }
        List<SuiteGroup> out = new ArrayList<>();
        groups.forEach((kx, ciphers) -> out.add(new SuiteGroup(kx, ciphers)));
        return new VersionRow(v.version(), String.join(" · ", parts), out);
    }
}
