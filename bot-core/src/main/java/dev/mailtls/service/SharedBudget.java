package dev.mailtls.service;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Token buckets kept outside the process (a database), so that every replica of the server draws on
 * one budget per server address: N replicas then connect to a server no more often than one would.
 * The probe service uses it for its connection budget when given one, and its own buckets while it
 * cannot answer.
 *
 * <p>Implementations answer quickly or fail: every call is bounded by a short timeout of its own,
 * and a failure is an exception (the caller then decides for this connection from its own buckets).
 */
public interface SharedBudget {

    /**
     * One bucket: a key unique across the kinds of bucket ({@code a:192.0.2.1}, {@code
     * n:192.0.2.0/24}, {@code da:...}) and the rate it refills at.
     */
    record Bucket(String key, Rate rate) {
        /** The longest key a bucket may have. */
        public static final int MAX_KEY_LENGTH = 160;

        public Bucket {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(rate, "rate");
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
                throw new IllegalArgumentException(
                        "a bucket key has 1 to " + MAX_KEY_LENGTH + " characters, was '" + key + "'");
            }
        }
    }

    /** The bucket that refused, and how long until it has a permit again. */
    record Shortfall(Bucket bucket, Duration retryAfter) {
        public Shortfall {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /**
     * Takes one permit from each of {@code buckets}, all or none.
     *
     * @return empty when every bucket gave a permit; else the first that refused (and nothing is taken)
     * @throws RuntimeException when the store cannot answer within its timeout
     */
    Optional<Shortfall> take(List<Bucket> buckets);

    /**
     * Gives back one permit taken from {@code bucket} and not used (never above the bucket's size).
     *
     * @throws RuntimeException when the store cannot answer within its timeout
     */
    void refund(Bucket bucket);
}
