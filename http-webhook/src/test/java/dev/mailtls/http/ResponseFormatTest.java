package dev.mailtls.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResponseFormatTest {
    @Test
    void theFormatParameterWinsOverAccept() {
        assertThat(ResponseFormat.choose("text", "application/json")).isEqualTo(ResponseFormat.TEXT);
        assertThat(ResponseFormat.choose("md", null)).isEqualTo(ResponseFormat.MARKDOWN);
        assertThat(ResponseFormat.choose("json", "text/plain")).isEqualTo(ResponseFormat.JSON);
    }

    @Test
    void theFormatParameterIsExactAsTheSpecListsIt() {
        // Issue 11, item 14: openapi.json lists lower-case values; "JSON" and an empty value were taken.
        assertThat(ResponseFormat.choose("plain", null)).isEqualTo(ResponseFormat.TEXT);
        assertThatThrownBy(() -> ResponseFormat.choose("JSON", null)).hasMessageContaining("'JSON'");
        assertThatThrownBy(() -> ResponseFormat.choose(" text", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseFormat.choose("", "text/plain")).isInstanceOf(IllegalArgumentException.class);
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
