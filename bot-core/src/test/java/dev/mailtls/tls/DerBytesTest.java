package dev.mailtls.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailtls.testing.Certificates;
import org.junit.jupiter.api.Test;

class DerBytesTest {

    @Test
    void equalBytesMakeEqualValuesWhateverTheArray() {
        DerBytes a = DerBytes.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});
        DerBytes b = DerBytes.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(DerBytes.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x06}));
    }

    @Test
    void neitherTheSourceArrayNorTheReturnedCopyCanChangeTheValue() {
        byte[] source = {1, 2, 3};
        DerBytes der = DerBytes.of(source);

        source[0] = 9;
        der.toByteArray()[1] = 9;

        assertThat(der.toByteArray()).containsExactly(1, 2, 3);
    }

    @Test
    void printsItsLengthNotItsBytes() {
        DerBytes der = DerBytes.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05});

        assertThat(der).hasToString("DER, 5 bytes");
        assertThat(der.base64()).isEqualTo("MAMCAQU=");
    }

    @Test
    void certificateInfoBuiltWithoutAnEncodingHoldsAnEmptyOne() {
        CertificateInfo info = Certificates.leaf("mx.example.com").build();

        assertThat(info.der().isEmpty()).isTrue();
        assertThat(info.der()).isEqualTo(DerBytes.of(new byte[0])).isEqualTo(DerBytes.empty());
    }
}
