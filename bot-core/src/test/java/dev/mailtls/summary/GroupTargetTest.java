package dev.mailtls.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailtls.command.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupTargetTest {
    @Test
    void aDomainLineIsNormalisedAndKeepsItsTextAsTheKey() throws UsageException {
        GroupTarget t = GroupTarget.parse("  DOMAIN:Example.COM. ");
        assertThat(t).isEqualTo(new GroupTarget.Domain("DOMAIN:Example.COM.", "example.com"));
    }

    @Test
    void anEndpointLineIsTheSharedGrammar() throws UsageException {
        GroupTarget t = GroupTarget.parse("mx1.example.com 25 starttls");
        assertThat(t).isInstanceOf(GroupTarget.Endpoint.class);
        assertThat(((GroupTarget.Endpoint) t).command().port()).isEqualTo(25);
    }

    @Test
    void badDomainLinesSayWhatADomainLineIs() {
        assertThatThrownBy(() -> GroupTarget.parse("domain:"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("e.g. domain:example.com");
        assertThatThrownBy(() -> GroupTarget.parse("domain:example.com 25"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("one mail domain");
        assertThatThrownBy(() -> GroupTarget.parse("domain:https://example.com/"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("is not a mail domain");
        assertThatThrownBy(() -> GroupTarget.parse("domain example.com"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("written domain:example.com");
    }

    @Test
    void aGroupNamesTheLineThatDoesNotParseAndEndpointOnlyUsesRefuseDomains() throws UsageException {
        TargetGroup g = new TargetGroup("acme", List.of("mx.acme.test 25", "domain:acme.test"));
        assertThat(g.entries()).hasSize(2);
        assertThatThrownBy(g::commands)
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'domain:acme.test' is a domain");
        assertThatThrownBy(() -> new TargetGroup("acme", List.of("domain:acme")).entries())
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("group acme, target 1 ('domain:acme'): ");
    }
}
