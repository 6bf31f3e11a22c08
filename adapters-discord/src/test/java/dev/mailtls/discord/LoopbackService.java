package dev.mailtls.discord;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.net.AddressPolicy;
import dev.mailtls.net.Cidr;
import dev.mailtls.probe.ProbeOptions;
import dev.mailtls.probe.Prober;
import dev.mailtls.service.ProbeService;
import dev.mailtls.service.Rate;
import dev.mailtls.service.ServiceLimits;
import dev.mailtls.summary.GroupRunner;
import dev.mailtls.testing.ScriptedMailServer;
import dev.mailtls.testing.TestResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A {@link ProbeService} over a scripted SMTP server on 127.0.0.1, reached as {@code mail.test}
 * through a test resolver: nothing leaves loopback.
 */
final class LoopbackService implements AutoCloseable {
    static final Set<Integer> ANY_PORT =
            IntStream.rangeClosed(1, 65535).boxed().collect(Collectors.toUnmodifiableSet());

    final ScriptedMailServer server;
    final ProbeService service;
    final DiscordProbe probe;

    private LoopbackService(boolean allowLoopback, Rate perRequester) {
        this(allowLoopback, perRequester, null);
    }

    private LoopbackService(boolean allowLoopback, Rate perRequester, String publicUrl) {
        server = ScriptedMailServer.builder(Protocol.SMTP)
                .greeting("220 mail.test ESMTP @everyone <@123456789012345678>")
                .advertiseStartTls(false)
                .start();
        AddressPolicy policy = AddressPolicy.strict(
                allowLoopback ? List.of(Cidr.parse("127.0.0.0/8")) : List.of(), List.of(), ANY_PORT);
        Prober prober = new Prober(TestResolver.loopback("mail.test"), Clock.systemUTC(), policy);
        Rate lots = new Rate(10_000, Duration.ofMinutes(1));
        service = new ProbeService(prober, new ServiceLimits(Duration.ofMinutes(5), 4, 16, perRequester, lots, lots));
        ProbeOptions options =
                ProbeOptions.defaults().withDeadline(Duration.ofSeconds(5)).withLegacyTlsCheck(false);
        probe = new DiscordProbe(
                service, new Diagnoser(), options, new GroupRunner(service, new Diagnoser(), options), publicUrl);
    }

    /** Loopback allowed, generous limits. */
    static LoopbackService open() {
        return new LoopbackService(true, new Rate(10_000, Duration.ofMinutes(1)));
    }

    /** Loopback allowed, generous limits, and the web page public at {@code publicUrl}. */
    static LoopbackService withPublicUrl(String publicUrl) {
        return new LoopbackService(true, new Rate(10_000, Duration.ofMinutes(1)), publicUrl);
    }

    /** One probe per requester per minute. */
    static LoopbackService onePerMinute() {
        return new LoopbackService(true, new Rate(1, Duration.ofMinutes(1)));
    }

    /** The server's default policy: loopback refused. */
    static LoopbackService strict() {
        return new LoopbackService(false, new Rate(10_000, Duration.ofMinutes(1)));
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        service.close();
        server.close();
    }
}
