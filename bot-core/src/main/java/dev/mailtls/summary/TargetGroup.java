package dev.mailtls.summary;

import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A named list of targets, each in the shared grammar ({@code mx1.example.com 25 starttls}) or a
 * whole mail domain ({@code domain:example.com}): configured groups, provider presets and host
 * scans alike.
 *
 * @param name the group's name: letters, digits, {@code -}, {@code _}, {@code .}
 * @param targets the targets as written, each parsed by {@link GroupTarget#parse}
 */
public record TargetGroup(String name, List<String> targets) {
    public TargetGroup {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("a group name is 1-64 letters, digits, '.', '-' or '_', was '"
                    + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "'");
        }
        targets = List.copyOf(
                new LinkedHashSet<>(targets.stream().map(String::strip).toList()));
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("group " + name + " has no targets");
        }
    }

    /**
     * The targets, parsed, in order: endpoints and domains.
     *
     * @throws UsageException naming the group and the target that does not parse
     */
    public List<GroupTarget> entries() throws UsageException {
        List<GroupTarget> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            try {
                out.add(GroupTarget.parse(targets.get(i)));
            } catch (UsageException e) {
                throw new UsageException(
                        "group " + name + ", target " + (i + 1) + " ('" + targets.get(i) + "'): " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The parsed targets, in order, for groups of endpoints only (presets and scans).
     *
     * @throws UsageException naming the group and the target that does not parse
     */
    public List<ProbeCommand> commands() throws UsageException {
        List<ProbeCommand> out = new ArrayList<>();
        for (GroupTarget t : entries()) {
            if (!(t instanceof GroupTarget.Endpoint e)) {
                throw new UsageException(
                        "group " + name + ": '" + t.text() + "' is a domain; only endpoints are allowed here");
            }
            out.add(e.command());
        }
        return out;
    }
}
