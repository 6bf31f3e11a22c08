package dev.mailtls.diagnosis;

import java.util.List;

/** One concern's rules: connect, greeting, STARTTLS, TLS, certificate, capabilities, login. */
interface Rules {
    List<Hint> diagnose(Facts facts);
}
