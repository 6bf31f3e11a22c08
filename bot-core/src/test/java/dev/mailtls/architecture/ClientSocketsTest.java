package dev.mailtls.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.mailtls.internal.io.ClientSockets;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.tls.PreTlsBytes;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * Every socket bot-core opens to a server comes from {@link ClientSockets}, so every one of them has
 * {@code TCP_NODELAY} (issue 15: Nagle's algorithm against the peer's delayed ACK cost 40 ms per
 * small write that followed another).
 */
class ClientSocketsTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mailtls");

    @Test
    void noClassButClientSocketsMakesAPlainSocket() {
        noClasses()
                .that()
                .doNotBelongToAnyOf(ClientSockets.class, Session.class, PreTlsBytes.class)
                .should()
                .callConstructor(Socket.class)
                .because("a socket made elsewhere would miss TCP_NODELAY; Session's only one is the"
                        + " unconnected stand-in of its in-memory parser tests, PreTlsBytes's a view of a connected"
                        + " one that never connects itself")
                .check(CORE);
    }
}
