package dev.mailtls.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A CA file is a regular file under 1 MiB, read with that bound: a device never hangs the reader. */
@Timeout(20)
class CaFileTest {

    @Test
    void anEndlessDeviceIsRefusedWithoutReadingIt() {
        // /dev/zero never ends: reading it whole was the hang (and 872 MB) of `probe --ca-file /dev/zero`.
        assertThatThrownBy(() -> TrustEvaluator.jdkDefaults(Path.of("/dev/zero")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the CA file /dev/zero is not a regular file (a device or pipe cannot be a CA file)");
    }

    @Test
    void aDirectoryIsRefused(@TempDir Path dir) {
        assertThatThrownBy(() -> TrustEvaluator.jdkDefaults(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the CA file " + dir + " is not a regular file but a directory");
    }

    @Test
    void aNamedPipeIsRefusedWithoutOpeningIt(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("ca.pem");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        // Opening a pipe nobody writes to blocks for ever; the check must come first.
        assertThatThrownBy(() -> TrustEvaluator.jdkDefaults(fifo)).hasMessageContaining("is not a regular file");
    }

    @Test
    void aFileOverOneMebibyteIsRefusedAndOneAtTheBoundIsRead(@TempDir Path dir) throws Exception {
        byte[] pem = Files.readAllBytes(TestPki.create().writeRootPem(dir));
        Path big = dir.resolve("big.pem");
        Files.write(big, pem);
        Files.write(big, new byte[CaFile.MAX_BYTES + 1 - pem.length], java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> TrustEvaluator.jdkDefaults(big))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the CA file " + big + " is larger than 1024 KiB; a CA file holds PEM certificates");

        Path atBound = dir.resolve("bound.pem");
        byte[] padded = new byte[CaFile.MAX_BYTES];
        java.util.Arrays.fill(padded, (byte) '\n');
        System.arraycopy(pem, 0, padded, 0, pem.length);
        Files.write(atBound, padded);
        assertThat(CaFile.read(atBound)).hasSize(CaFile.MAX_BYTES);
        assertThat(TrustEvaluator.jdkDefaults(atBound)).isNotNull();
    }

    @Test
    void aProcFileThatClaimsSizeZeroIsReadOnlyUpToTheBound() {
        // /proc files are "regular" with size 0; the read itself is bounded (and this one is not PEM).
        Path proc = Path.of("/proc/self/status");
        assertThat(Files.isRegularFile(proc)).isTrue();
        assertThat(CaFile.read(proc).length).isBetween(1, CaFile.MAX_BYTES);
    }
}
