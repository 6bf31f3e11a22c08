package dev.mailtls.probe;

import dev.mailtls.endpoint.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The order of a probe's steps, as data: which steps a transport takes, and the follow-up checks
 * that read the finished facts. A step may turn the probe to another plan (a silent port to the
 * implicit-TLS look, "auto" to STARTTLS or plaintext); every plan a probe can take is here.
 *
 * <p>A new protocol with the usual shape (greeting, capabilities, STARTTLS, login, quit) needs only
 * its {@code Dialect}; one whose conversation differs gets its steps and a case in {@link #of}.
 */
record Plan(String name, List<Step> steps, List<FollowUp> followUps) {

    /** After every plan: the checks on their own connections, in this order. */
    static final List<FollowUp> CHECKS =
            List.of(LegacyTlsPhase.INSTANCE, DeepTlsPhase.INSTANCE, CommandInjectionPhase.INSTANCE);

    /** A session on implicit TLS, from its greeting on (also where a silent "auto" port leads). */
    static final Plan TLS_SESSION = plan(
            "tls session",
            TlsGreetingStep.INSTANCE,
            CapabilitiesStep.OVER_TLS,
            AuthPhase.INSTANCE,
            ConversationEnd.CLOSE);

    /** STARTTLS after the plaintext capabilities, and the session on over TLS. */
    static final Plan STARTTLS_UPGRADE = plan(
            "starttls upgrade",
            StartTlsStep.INSTANCE,
            UpgradeStep.INSTANCE,
            CapabilitiesStep.AFTER_UPGRADE,
            AuthPhase.INSTANCE,
            ConversationEnd.CLOSE);

    /** A session that stays in plaintext after its capabilities. */
    static final Plan PLAIN_SESSION = plan("plain session", AuthPhase.INSTANCE, ConversationEnd.CLOSE);

    /** After a refused STARTTLS: QUIT, untimed. */
    static final Plan GOODBYE = plan("goodbye", ConversationEnd.GOODBYE);

    static final Plan IMPLICIT_TLS =
            plan("tls", List.of(ConnectionSteps.RESOLVE, ConnectionSteps.CONNECT, HandshakeStep.INSTANCE), TLS_SESSION);

    /** Every plaintext-first plan opens the same way. */
    private static final List<Step> PLAINTEXT_OPENING = List.of(
            ConnectionSteps.RESOLVE, ConnectionSteps.CONNECT, GreetingStep.INSTANCE, CapabilitiesStep.BEFORE_TLS);

    static final Plan STARTTLS = plan("starttls", PLAINTEXT_OPENING, STARTTLS_UPGRADE);

    static final Plan PLAIN = plan("plain", PLAINTEXT_OPENING, PLAIN_SESSION);

    /** "auto": a plaintext greeting first; the capabilities then choose STARTTLS or plaintext. */
    static final Plan AUTO = plan("auto", PLAINTEXT_OPENING, plan("choice", TransportChoiceStep.INSTANCE));

    Plan {
        Objects.requireNonNull(name, "name");
        steps = List.copyOf(steps);
        followUps = List.copyOf(followUps);
    }

    /**
     * The plan for a request: by the transport asked for, else the one its port implies, else
     * "auto". The one place a plan is chosen; a protocol whose conversation has another shape is a
     * case here (its protocol is known from the request or the port).
     */
    static Plan of(ProbeRequest request) {
        return of(ProbeFlow.requested(request));
    }

    /** The plan for a transport; null is "auto". */
    static Plan of(@Nullable Transport requested) {
        if (requested == null) {
            return AUTO;
        }
        return switch (requested) {
            case TLS -> IMPLICIT_TLS;
            case STARTTLS -> STARTTLS;
            case PLAIN -> PLAIN;
        };
    }

    /** A port silent for {@code waited}: look whether it speaks implicit TLS. */
    static Plan modeCheck(Duration waited) {
        return plan("mode check", new ModeCheckStep(waited));
    }

    /** The names of the steps, then of the follow-ups: the plan as a reader sees it. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        steps.forEach(s -> names.add(s.name()));
        followUps.forEach(f -> names.add(f.name()));
        return names;
    }

    private static Plan plan(String name, Step... steps) {
        return new Plan(name, List.of(steps), CHECKS);
    }

    private static Plan plan(String name, List<Step> opening, Plan rest) {
        List<Step> all = new ArrayList<>(opening);
        all.addAll(rest.steps());
        return new Plan(name, all, CHECKS);
    }
}
