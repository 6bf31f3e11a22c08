package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.command.ProbeCommand;
import dev.mailtls.command.UsageException;
import dev.mailtls.endpoint.Protocol;
import dev.mailtls.endpoint.Transport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostScanTest {

    @Test
    void scanProbesTheSevenStandardPortsWithTheTransportEachImplies() throws Exception {
        TargetGroup scan = HostScan.of("Mail.Example.COM.");

        assertThat(scan.name()).isEqualTo("scan-mail.example.com");
        assertThat(scan.targets())
                .containsExactly(
                        "mail.example.com 25 starttls smtp",
                        "mail.example.com 465 tls smtp",
                        "mail.example.com 587 starttls smtp",
                        "mail.example.com 143 starttls imap",
                        "mail.example.com 993 tls imap",
                        "mail.example.com 110 starttls pop3",
                        "mail.example.com 995 tls pop3");
    }

    @Test
    void everyScanTargetParsesToItsPortProtocolAndTransport() throws Exception {
        List<ProbeCommand> c = HostScan.of("mail.example.com").commands();

        assertThat(c).extracting(ProbeCommand::port).containsExactly(25, 465, 587, 143, 993, 110, 995);
        assertThat(c)
                .extracting(ProbeCommand::protocol)
                .containsExactly(
                        Protocol.SMTP,
                        Protocol.SMTP,
                        Protocol.SMTP,
                        Protocol.IMAP,
                        Protocol.IMAP,
                        Protocol.POP3,
                        Protocol.POP3);
        assertThat(c)
                .extracting(ProbeCommand::transport)
                .containsExactly(
                        Transport.STARTTLS,
                        Transport.TLS,
                        Transport.STARTTLS,
                        Transport.STARTTLS,
                        Transport.TLS,
                        Transport.STARTTLS,
                        Transport.TLS);
    }

    @Test
    void ipv6LiteralsAreBracketedInTargetsAndDashedInTheGroupName() throws Exception {
        TargetGroup scan = HostScan.of("[2001:db8::25]");

        assertThat(scan.name()).isEqualTo("scan-2001-db8--25");
        assertThat(scan.targets().get(0)).isEqualTo("[2001:db8::25] 25 starttls smtp");
        assertThat(scan.commands()).allSatisfy(c -> assertThat(c.host()).isEqualTo("2001:db8::25"));
    }

    @Test
    void aLongHostNameStillMakesAValidGroupName() throws Exception {
        String host = "a".repeat(60) + ".example.com";

        assertThat(HostScan.of(host).name()).hasSize(64).startsWith("scan-aaaa");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "mail.example.com 25",
                "mail.example.com:587",
                "https://mail.example.com",
                "bad_host!",
                "127.1"
            })
    void anythingButOneValidHostIsAUsageError(String input) {
        assertThatThrownBy(() -> HostScan.of(input)).isInstanceOf(UsageException.class);
    }
}
