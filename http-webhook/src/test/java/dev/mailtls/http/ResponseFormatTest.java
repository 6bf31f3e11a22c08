package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResponseFormatTest {
    @Test
    void theFormatParameterWinsOverAccept() {
        assertThat(ResponseFormat.choose("text", "application/json")).isEqualTo(ResponseFormat.TEXT);
        assertThat(ResponseFormat.choose("md", null)).isEqualTo(ResponseFormat.MARKDOWN);
        assertThat(ResponseFormat.choose("JSON", "text/plain")).isEqualTo(ResponseFormat.JSON);
    }

    @Test
    void acceptPicksTheFirstTypeWeMake() {
        assertThat(ResponseFormat.choose(null, "text/html, text/markdown;q=0.9, text/plain"))
                .isEqualTo(ResponseFormat.MARKDOWN);
        assertThat(ResponseFormat.choose(null, "text/plain; charset=utf-8")).isEqualTo(ResponseFormat.TEXT);
        assertThat(ResponseFormat.choose(null, "*/*")).isEqualTo(ResponseFormat.JSON);
        assertThat(ResponseFormat.choose(null, null)).isEqualTo(ResponseFormat.JSON);
    }

    @Test
    void anUnknownFormatIsRefusedByName() {
        assertThatThrownBy(() -> ResponseFormat.choose("xml", null)).hasMessageContaining("'xml'");
    }
}
