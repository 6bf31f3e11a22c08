package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.probe.ProbeOptions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Request bodies sent again are not read again; bad and long ones always are; the map is bounded. */
class RecentAsksTest {
    private final RecentAsks asks = new RecentAsks();
    private final AtomicInteger reads = new AtomicInteger();

    private final RecentAsks.Reader reader = body -> {
        reads.incrementAndGet();
        return ProbeAsk.fromText(body, ProbeOptions.defaults());
    };

    @Test
    void theSameBodyIsReadOnceAndAnswersTheSameAsk() throws Exception {
        ProbeAsk first = asks.read("smtp.gmail.com 587 starttls", reader);
        ProbeAsk again = asks.read("smtp.gmail.com 587 starttls", reader);
        ProbeAsk other = asks.read("smtp.gmail.com 465 tls", reader);

        assertThat(reads).hasValue(2);
        assertThat(again)
                .isSameAs(first)
                .isEqualTo(ProbeAsk.fromText("smtp.gmail.com 587 starttls", ProbeOptions.defaults()));
        assertThat(other.command().port()).isEqualTo(465);
    }

    @Test
    void aBodyThatIsRefusedIsReadAndRefusedEveryTime() {
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> asks.read("smtp.gmail.com 99999", reader))
                    .isInstanceOf(ProblemException.class)
                    .hasMessageContaining("65535");
        }
        assertThat(reads).hasValue(3);
        assertThat(asks.size()).isZero();
    }

    @Test
    void longBodiesAreNotKept() throws Exception {
        String padded = "smtp.gmail.com 587" + " ".repeat(RecentAsks.MAX_BODY_CHARS);

        asks.read(padded, reader);
        asks.read(padded, reader);

        assertThat(reads).hasValue(2);
        assertThat(asks.size()).isZero();
    }

    @Test
    void theMapStaysBounded() throws Exception {
        for (int i = 0; i < RecentAsks.MAX_BODIES * 3; i++) {
            asks.read("mx" + i + ".example.com 25", reader);
            assertThat(asks.size()).isLessThanOrEqualTo(RecentAsks.MAX_BODIES);
        }
    }
}
