package dev.mailtls.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailtls.card.JsonRenderer;
import java.util.Locale;

/**
 * A domain report as JSON ({@code kind: "domain"}, docs/json-schema.md "Domain checks"): the same
 * rules as a probe's JSON (camelCase, absent facts null, server text escaped, never raw), and each
 * MX address's probe exactly as {@code mailtls probe --json} writes it.
 */
public final class DomainJsonRenderer {
    private final JsonRenderer json;

    /**
     * @param pretty indent for people
     * @param local the reader configured the check (the CLI): probe cards may name its CA file's path
     */
    public DomainJsonRenderer(boolean pretty, boolean local) {
        this.json = new JsonRenderer(pretty, local);
    }

    public String render(DomainReport report) {
        return json.write(tree(report));
    }

    public ObjectNode tree(DomainReport r) {
        ObjectNode o = json.object();
        o.put("schemaVersion", JsonRenderer.SCHEMA_VERSION);
        o.put("kind", "domain");
        o.put("domain", r.domain());
        o.put("status", r.status().id());
        o.put("startedAt", JsonRenderer.instant(r.startedAt()));
        o.put("mxKind", r.mxKind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        o.put("dnsProblem", r.dnsProblem());
        ArrayNode mx = o.putArray("mx");
        for (MxHost h : r.mx()) {
            ObjectNode m = mx.addObject();
            m.put("host", h.host());
            m.put("preference", h.preference());
            ArrayNode addresses = m.putArray("addresses");
            h.addresses().forEach(addresses::add);
            m.put("addressProblem", h.addressProblem());
            ObjectNode dane = m.putObject("dane");
            DaneCheck d = h.dane();
            dane.put("dnssec", d.dnssec() == null ? null : d.dnssec().id());
            ArrayNode tlsa = dane.putArray("tlsa");
            d.tlsa().forEach(t -> tlsa.add(t.toString()));
            if (d.matched() == null) {
                dane.putNull("matched");
            } else {
                dane.put("matched", d.matched());
            }
            dane.put("detail", d.detail());
            ArrayNode results = m.putArray("results");
            h.results().forEach(p -> results.add(json.tree(p.report())));
            ArrayNode notProbed = m.putArray("notProbed");
            h.notProbed().forEach(notProbed::add);
        }
        ArrayNode hints = o.putArray("hints");
        r.hints().forEach(h -> hints.add(json.hint(h)));
        ObjectNode timings = o.putObject("timings");
        r.timings().forEach(timings::put);
        timings.put("total", r.totalMs());
        return o;
    }
}
