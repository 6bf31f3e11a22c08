package dev.mailtls.app;

import dev.mailtls.command.UsageException;
import dev.mailtls.diagnosis.DiagnosisThresholds;
import dev.mailtls.summary.CronSchedule;
import dev.mailtls.summary.Destination;
import dev.mailtls.summary.DestinationKind;
import dev.mailtls.summary.ScheduledGroup;
import dev.mailtls.summary.TargetGroup;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The configuration file's {@code groups:} and {@code thresholds:}, checked at start with errors
 * that name the file and line:
 *
 * <pre>
 * groups:
 *   mail-edge:
 *     targets:
 *       - mx1.example.com 25 starttls
 *     schedule: "0 8 * * MON-FRI"
 *     zone: Europe/Berlin
 *     post_to: [ "slack:C0123456", "webhook:https://hooks.example.com/x" ]
 *     only_changes: false
 * thresholds: { cert_warn_days: 30, cert_error_days: 7 }
 * </pre>
 */
record GroupsConfig(List<ScheduledGroup> groups, DiagnosisThresholds thresholds) {
    static final GroupsConfig NONE = new GroupsConfig(List.of(), DiagnosisThresholds.defaults());

    private static final Set<String> GROUP_KEYS = Set.of("targets", "schedule", "zone", "post_to", "only_changes");
    private static final Set<String> THRESHOLD_KEYS = Set.of("cert_warn_days", "cert_error_days");

    GroupsConfig {
        groups = List.copyOf(groups);
    }

    Optional<ScheduledGroup> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /**
     * Reads both keys; either may be absent.
     *
     * @param kinds the front ends' destination kinds a {@code post_to} may name besides {@code webhook}
     */
    static GroupsConfig read(
            Path file, @Nullable Located groups, @Nullable Located thresholds, List<DestinationKind> kinds)
            throws ConfigException {
        return new GroupsConfig(groups(file, groups, kinds), thresholds(file, thresholds));
    }

    private static List<ScheduledGroup> groups(Path file, @Nullable Located node, List<DestinationKind> kinds)
            throws ConfigException {
        if (node == null || node.kind() == Located.Kind.NULL) {
            return List.of();
        }
        if (node.kind() != Located.Kind.MAP) {
            throw error(file, node, "groups: expected a mapping of group names to groups");
        }
        List<ScheduledGroup> out = new ArrayList<>();
        for (Map.Entry<String, Located> e : node.map().entrySet()) {
            out.add(group(file, e.getKey(), e.getValue(), kinds));
        }
        return out;
    }

    private static ScheduledGroup group(Path file, String name, Located g, List<DestinationKind> kinds)
            throws ConfigException {
        String where = "groups." + name;
        if (g.kind() != Located.Kind.MAP) {
            throw error(file, g, where + ": expected targets, schedule, zone, post_to, only_changes");
        }
        for (Map.Entry<String, Located> e : g.map().entrySet()) {
            if (!GROUP_KEYS.contains(e.getKey())) {
                throw error(
                        file,
                        e.getValue(),
                        where + ": unknown key '" + e.getKey() + "' (known: "
                                + String.join(", ", new java.util.TreeSet<>(GROUP_KEYS)) + ")");
            }
        }
        Located targets = g.map().get("targets");
        if (targets == null
                || targets.kind() != Located.Kind.LIST
                || targets.list().isEmpty()) {
            throw error(
                    file,
                    targets == null ? g : targets,
                    where + ".targets: expected a list of targets, e.g."
                            + " '- mx1.example.com 25 starttls' or '- domain:example.com'");
        }
        List<String> texts = new ArrayList<>();
        for (Located t : targets.list()) {
            if (t.kind() != Located.Kind.SCALAR) {
                throw error(file, t, where + ".targets: each target is one line of the grammar");
            }
            try {
                new TargetGroup("x", List.of(t.scalar())).entries();
            } catch (UsageException ex) {
                throw error(
                        file,
                        t,
                        where + ".targets: '" + t.scalar() + "': "
                                + ex.getMessage().replaceFirst("^group x, target 1 \\('.*?'\\): ", ""));
            }
            texts.add(t.scalar());
        }
        TargetGroup group;
        try {
            group = new TargetGroup(name, texts);
        } catch (IllegalArgumentException ex) {
            throw error(file, g, where + ": " + ex.getMessage());
        }
        ZoneId zone = ZoneId.of("UTC");
        Located z = g.map().get("zone");
        if (z != null && z.kind() != Located.Kind.NULL) {
            try {
                zone = ZoneId.of(scalar(file, z, where + ".zone"));
            } catch (DateTimeException ex) {
                throw error(
                        file, z, where + ".zone: '" + z.scalar() + "' is not a time zone (e.g. Europe/Berlin, UTC)");
            }
        }
        CronSchedule schedule = null;
        Located s = g.map().get("schedule");
        if (s != null && s.kind() != Located.Kind.NULL) {
            try {
                schedule = CronSchedule.parse(scalar(file, s, where + ".schedule"), zone);
                schedule.next(java.time.ZonedDateTime.now(zone));
            } catch (IllegalArgumentException | IllegalStateException ex) {
                throw error(file, s, where + ".schedule: " + ex.getMessage());
            }
        }
        List<Destination> postTo = new ArrayList<>();
        Located p = g.map().get("post_to");
        if (p != null && p.kind() != Located.Kind.NULL) {
            List<Located> items = p.kind() == Located.Kind.LIST ? p.list() : List.of(p);
            for (Located d : items) {
                try {
                    postTo.add(Destination.parse(scalar(file, d, where + ".post_to"), kinds));
                } catch (IllegalArgumentException ex) {
                    throw error(file, d, where + ".post_to: " + ex.getMessage());
                }
            }
        }
        boolean onlyChanges = false;
        Located oc = g.map().get("only_changes");
        if (oc != null && oc.kind() != Located.Kind.NULL) {
            String v = scalar(file, oc, where + ".only_changes");
            if (!v.equals("true") && !v.equals("false")) {
                throw error(file, oc, where + ".only_changes: expected true or false, was '" + v + "'");
            }
            onlyChanges = v.equals("true");
        }
        return new ScheduledGroup(group, schedule, postTo, onlyChanges);
    }

    private static DiagnosisThresholds thresholds(Path file, @Nullable Located node) throws ConfigException {
        if (node == null || node.kind() == Located.Kind.NULL) {
            return DiagnosisThresholds.defaults();
        }
        if (node.kind() != Located.Kind.MAP) {
            throw error(file, node, "thresholds: expected { cert_warn_days: 30, cert_error_days: 7 }");
        }
        for (Map.Entry<String, Located> e : node.map().entrySet()) {
            if (!THRESHOLD_KEYS.contains(e.getKey())) {
                throw error(
                        file,
                        e.getValue(),
                        "thresholds: unknown key '" + e.getKey() + "' (known: cert_warn_days, cert_error_days)");
            }
        }
        DiagnosisThresholds d = DiagnosisThresholds.defaults();
        int warn = days(file, node.map().get("cert_warn_days"), "thresholds.cert_warn_days", d.certWarnDays());
        int error = days(file, node.map().get("cert_error_days"), "thresholds.cert_error_days", d.certErrorDays());
        try {
            return new DiagnosisThresholds(warn, error);
        } catch (IllegalArgumentException ex) {
            throw error(file, node, "thresholds: " + ex.getMessage());
        }
    }

    private static int days(Path file, @Nullable Located v, String where, int dflt) throws ConfigException {
        if (v == null || v.kind() == Located.Kind.NULL) {
            return dflt;
        }
        String s = scalar(file, v, where);
        try {
            int n = Integer.parseInt(s);
            if (n < 0 || n > 3650) {
                throw error(file, v, where + ": expected 0-3650 days, was " + n);
            }
            return n;
        } catch (NumberFormatException ex) {
            throw error(file, v, where + ": expected a number of days, was '" + s + "'");
        }
    }

    private static String scalar(Path file, Located v, String where) throws ConfigException {
        if (v.kind() != Located.Kind.SCALAR || v.scalar() == null || v.scalar().isBlank()) {
            throw error(file, v, where + ": expected a single value");
        }
        return v.scalar().strip();
    }

    private static ConfigException error(Path file, Located at, String message) {
        return new ConfigException(ConfigFile.where(file, at.line()) + ", " + message);
    }
}
