package dev.mailtls.domain;

import dev.mailtls.diagnosis.Hint;
import dev.mailtls.diagnosis.HintCode;
import dev.mailtls.diagnosis.Severity;
import java.util.ArrayList;
import java.util.List;

/** What the domain's MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) records and policy mean for senders. */
final class MtaStsRules {
    private MtaStsRules() {}

    static List<Hint> diagnose(String domain, PolicyChecks p) {
        List<Hint> hints = new ArrayList<>();
        mtaSts(domain, p, hints);
        tlsRpt(domain, p, hints);
        return hints;
    }

    private static void mtaSts(String domain, PolicyChecks p, List<Hint> hints) {
        String record = "_mta-sts." + domain;
        String url = "https://mta-sts." + domain + "/.well-known/mta-sts.txt";
        switch (p.mtaStsRecord().status()) {
            case ABSENT -> {
                hints.add(new Hint(
                        HintCode.MTA_STS_MISSING,
                        Severity.INFO,
                        domain + " publishes no MTA-STS policy",
                        (p.mtaStsDnsProblem() == null
                                        ? "There is no v=STSv1 TXT record at " + record + ". "
                                        : "The question for " + record + " got no answer (" + p.mtaStsDnsProblem()
                                                + "). ")
                                + "Without MTA-STS (or DANE), a sender falls back to plaintext when someone on the"
                                + " path strips STARTTLS.",
                        "Publish a policy at " + url + " (version: STSv1, mode: testing, an mx: line per MX"
                                + " host, max_age: 86400) and a TXT record " + record
                                + " \"v=STSv1; id=<date>\"; move to mode: enforce once TLS-RPT reports are"
                                + " clean."));
                return;
            }
            case INVALID -> {
                hints.add(new Hint(
                        HintCode.MTA_STS_RECORD_INVALID,
                        Severity.WARNING,
                        "the MTA-STS record of " + domain + " is not valid",
                        String.join("; ", p.mtaStsRecord().problems())
                                + ". Senders ignore an invalid record and apply no policy.",
                        "Publish exactly one TXT record at " + record + " of the form \"v=STSv1; id=20261205T1200;\""
                                + " (id: 1 to 32 letters and digits, changed whenever the policy changes)."));
                return;
            }
            case VALID -> {
                // the policy follows
            }
        }
        MtaStsFetch fetch = p.fetch();
        if (fetch != null && fetch.failure() != null && fetch.failure().reason() == MtaStsFetch.Reason.THROTTLED) {
            hints.add(new Hint(
                    HintCode.MTA_STS_NOT_FETCHED,
                    Severity.WARNING,
                    "the MTA-STS policy of " + domain + " was not fetched this time",
                    "The record at " + record + " announces a policy; mailtls did not fetch " + url
                            + " because its own connection limits held the connection back ("
                            + fetch.failure().message() + "). Nothing is known about the policy.",
                    "Run the check again in a minute."));
            return;
        }
        if (fetch == null || !fetch.ok()) {
            String why = fetch == null || fetch.failure() == null
                    ? "no fetch by the check's deadline"
                    : fetch.failure().reason().meaning() + ": "
                            + fetch.failure().message();
            hints.add(new Hint(
                    HintCode.MTA_STS_FETCH_FAILED,
                    Severity.ERROR,
                    "the MTA-STS policy of " + domain + " could not be fetched",
                    "The record at " + record + " announces a policy, but " + url + " failed: " + why
                            + ". Senders that never cached the policy apply none; those that did keep the old one"
                            + " until its max_age passes, even if your MX hosts changed.",
                    "Serve the policy over HTTPS on port 443 at " + url + ", status 200, Content-Type text/plain,"
                            + " with a certificate valid for mta-sts." + domain + " from a public CA; no redirects."));
            return;
        }
        Parsed<MtaStsPolicy> parsed = fetch.policy();
        MtaStsPolicy policy = parsed.value();
        if (policy == null) {
            hints.add(new Hint(
                    HintCode.MTA_STS_POLICY_INVALID,
                    Severity.ERROR,
                    "the MTA-STS policy of " + domain + " is not valid",
                    String.join("; ", parsed.problems()) + ". Senders apply no policy (or keep a cached one).",
                    "Fix the policy at " + url + ": lines \"version: STSv1\", \"mode: enforce|testing|none\","
                            + " one \"mx: <pattern>\" per MX host (\"*.example.com\" covers one label), and"
                            + " \"max_age: <seconds>\" up to 31557600."));
            return;
        }
        String mode = policy.mode().id();
        boolean enforce = policy.mode() == MtaStsPolicy.Mode.ENFORCE;
        for (String host : p.uncovered()) {
            hints.add(new Hint(
                    HintCode.MTA_STS_MX_NOT_COVERED,
                    enforce ? Severity.ERROR : Severity.WARNING,
                    "MX " + host + " is not covered by the MTA-STS policy of " + domain,
                    "No mx: pattern of the policy (" + String.join(", ", policy.mx()) + ") matches " + host + ". "
                            + (enforce
                                    ? "In mode enforce, senders that honour MTA-STS do not deliver to this MX."
                                    : "In mode testing, senders deliver anyway but report the failure."),
                    "Add \"mx: " + host + "\" to the policy at " + url + " and change the id of " + record
                            + " so senders fetch it again."));
        }
        for (String invalid : p.invalidCertificates()) {
            hints.add(new Hint(
                    HintCode.MTA_STS_CERT_INVALID,
                    Severity.ERROR,
                    "under MTA-STS enforce, senders refuse MX " + invalid.split(" ", 2)[0],
                    invalid + ". In mode enforce a sender delivers only over TLS to a certificate that is valid"
                            + " for the MX name and chains to a public CA (RFC 8461 §4.2); this one would be"
                            + " refused and the mail deferred.",
                    "Give the MX a certificate from a public CA naming the MX host, or set mode: testing while"
                            + " you fix it."));
        }
        if (p.uncovered().isEmpty() && p.invalidCertificates().isEmpty()) {
            hints.add(new Hint(
                    HintCode.MTA_STS_OK,
                    policy.mode() == MtaStsPolicy.Mode.NONE ? Severity.INFO : Severity.OK,
                    "MTA-STS: mode " + mode + ", max_age " + policy.maxAge() + " s"
                            + (policy.mode() == MtaStsPolicy.Mode.NONE ? " (the policy is withdrawn)" : ""),
                    "The policy at " + url + " covers every MX host"
                            + (enforce
                                    ? " and each presents a certificate senders accept."
                                    : policy.mode() == MtaStsPolicy.Mode.TESTING
                                            ? "; in mode testing senders report failures but deliver anyway."
                                            : "."),
                    policy.mode() == MtaStsPolicy.Mode.TESTING
                            ? "Once TLS-RPT reports are clean, switch to mode: enforce and change the record's id."
                            : ""));
        }
    }

    private static void tlsRpt(String domain, PolicyChecks p, List<Hint> hints) {
        String record = "_smtp._tls." + domain;
        switch (p.tlsRpt().status()) {
            case ABSENT ->
                hints.add(new Hint(
                        HintCode.TLSRPT_MISSING,
                        Severity.INFO,
                        domain + " publishes no TLS-RPT record",
                        (p.tlsRptDnsProblem() == null
                                        ? "There is no v=TLSRPTv1 TXT record at " + record + "."
                                        : "The question for " + record + " got no answer (" + p.tlsRptDnsProblem()
                                                + ").")
                                + " Senders that meet TLS failures with your MX hosts tell nobody.",
                        "Publish a TXT record " + record + " \"v=TLSRPTv1; rua=mailto:tlsrpt@" + domain
                                + "\" to receive daily reports."));
            case INVALID ->
                hints.add(new Hint(
                        HintCode.TLSRPT_INVALID,
                        Severity.WARNING,
                        "the TLS-RPT record of " + domain + " is not valid",
                        String.join("; ", p.tlsRpt().problems()) + ". Senders send no reports.",
                        "Publish one TXT record at " + record + " such as \"v=TLSRPTv1; rua=mailto:tlsrpt@" + domain
                                + "\" (rua: mailto: or https: URIs, comma-separated)."));
            case VALID -> {
                // Reports go where they should: nothing to say.
            }
        }
    }
}
