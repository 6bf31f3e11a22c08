package dev.mailtls.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HelloOfferReadTest {

    /** Counts the reads asked of the socket's stream. */
    private static final class CountingInput extends FilterInputStream {
        int reads;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            reads++;
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            reads++;
            return super.read(b, off, len);
        }
    }

    @Test
    void protocolVersionAlertIsReadFromTheSocketInOneGo() throws IOException {
        // alert record, TLS 1.0 header, length 2: fatal (2), protocol_version (70)
        byte[] alert = {0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46};
        CountingInput socket = new CountingInput(new ByteArrayInputStream(alert));

        HelloOffer.Answer answer = HelloOffer.read(socket, TlsVersion.TLS10, Set.of(0x002f));

        assertThat(answer).isInstanceOf(HelloOffer.Answer.Refused.class);
        assertThat(((HelloOffer.Answer.Refused) answer).version()).isTrue();
        // Byte by byte it was six reads (type, two version bytes, two length bytes, the body).
        assertThat(socket.reads).isLessThanOrEqualTo(2);
    }

    @Test
    void aStreamThatEndsAfterTheAlertStillYieldsTheRefusal() throws IOException {
        byte[] alert = {0x15, 0x03, 0x02, 0x00, 0x02, 0x02, 0x28};
        HelloOffer.Answer answer = HelloOffer.read(new ByteArrayInputStream(alert), TlsVersion.TLS11, Set.of(0x002f));

        assertThat(answer).isInstanceOf(HelloOffer.Answer.Refused.class);
        assertThat(((HelloOffer.Answer.Refused) answer).version()).isFalse();
    }
}
