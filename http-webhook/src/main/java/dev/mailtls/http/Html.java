package dev.mailtls.http;

import dev.mailtls.card.ServerText;
import java.util.Objects;

/**
 * A piece of HTML that may be placed in a page as it is. Text from outside (a server's banner, a
 * form field, a problem's detail) only becomes {@code Html} through {@link #text}, which escapes
 * it; the constructor is for markup written in this package.
 */
record Html(String markup) {
    static final Html EMPTY = new Html("");

    Html {
        Objects.requireNonNull(markup, "markup");
    }

    /** Untrusted text, escaped for an element's content and for a quoted attribute value. */
    static Html text(String untrusted) {
        return new Html(escape(untrusted));
    }

    /**
     * Server text (a banner, a certificate name, a reason quoting either): bot-core's {@link
     * ServerText} rule first, as on every front end (hidden characters become visible escapes, line
     * feeds stay), then {@link #escape}.
     */
    static String serverText(String untrusted) {
        return escape(ServerText.keepingLines(untrusted));
    }

    /** Escapes {@code & < > " '}, which is enough for element content and quoted attributes. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    Html append(Html more) {
        return new Html(markup + more.markup);
    }
}
