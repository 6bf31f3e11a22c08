package dev.mailtls.service;

import java.time.Duration;
import java.util.Objects;

/** At most {@code permits} in any {@code per} (a token bucket refilled evenly). */
public record Rate(int permits, Duration per) {
    public Rate {
        Objects.requireNonNull(per, "per");
        if (permits < 1 || per.isZero() || per.isNegative()) {
            throw new IllegalArgumentException(
                    "a rate needs at least 1 permit per positive duration, was " + permits + "/" + per);
        }
    }
}
