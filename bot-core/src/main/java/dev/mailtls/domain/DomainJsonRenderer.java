package dev.mailtls.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailtls.card.JsonRenderer;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

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

    /**
     * {@code record}, {@code policy {version, mode, mx, maxAge}}, {@code error}, and what the check
     * found when it held the policy against the MX hosts.
     */
    private static void mtaSts(ObjectNode o, PolicyChecks p) {
        o.put("record", p.mtaStsRecord().text());
        MtaStsFetch fetch = p.fetch();
        Parsed<MtaStsPolicy> parsed = p.policy();
        MtaStsPolicy policy = parsed == null ? null : parsed.value();
        if (policy == null) {
            o.putNull("policy");
        } else {
            ObjectNode pol = o.putObject("policy");
            pol.put("version", policy.version());
            pol.put("mode", policy.mode().id());
            ArrayNode mx = pol.putArray("mx");
            policy.mx().forEach(mx::add);
            pol.put("maxAge", policy.maxAge());
        }
        String error = problems(p.mtaStsRecord(), p.mtaStsDnsProblem());
        if (error == null && fetch != null && !fetch.ok() && fetch.failure() != null) {
            error = fetch.failure().reason().meaning() + ": " + fetch.failure().message();
        }
        if (error == null && parsed != null && !parsed.valid()) {
            error = String.join("; ", parsed.problems());
        }
        o.put("error", error);
        o.put("url", fetch == null ? null : fetch.url());
        ArrayNode uncovered = o.putArray("mxNotCovered");
        p.uncovered().forEach(uncovered::add);
        ArrayNode refused = o.putArray("certificatesRefused");
        p.invalidCertificates().forEach(refused::add);
    }

    /** A parsed record's problems, or the DNS problem that kept it from being read; null when neither. */
    private static @Nullable String problems(Parsed<?> parsed, @Nullable String dnsProblem) {
        if (dnsProblem != null) {
            return dnsProblem;
        }
        return parsed.problems().isEmpty() ? null : String.join("; ", parsed.problems());
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
        mtaSts(o.putObject("mtaSts"), r.policies());
        ObjectNode rpt = o.putObject("tlsRpt");
        Parsed<TlsRptRecord> t = r.policies().tlsRpt();
        rpt.put("record", t.text());
        ArrayNode rua = rpt.putArray("rua");
        if (t.value() != null) {
            t.value().rua().forEach(rua::add);
        }
        rpt.put("error", problems(t, r.policies().tlsRptDnsProblem()));
        ArrayNode srv = o.putArray("srv");
        for (SrvCheck c : r.srv()) {
            ObjectNode e = srv.addObject();
            e.put("service", c.service().id());
            e.put("target", c.target().isEmpty() ? "." : c.target());
            e.put("port", c.port());
            if (c.result() == null) {
                e.putNull("result");
            } else {
                e.set("result", json.tree(c.result()));
            }
            e.put("problem", c.problem());
        }
        ArrayNode hints = o.putArray("hints");
        r.hints().forEach(h -> hints.add(json.hint(h)));
        ObjectNode timings = o.putObject("timings");
        r.timings().forEach(timings::put);
        timings.put("total", r.totalMs());
        return o;
    }
}
