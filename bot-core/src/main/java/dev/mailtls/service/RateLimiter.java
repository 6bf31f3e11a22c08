package dev.mailtls.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Token buckets by key, on an injected clock; idle buckets are forgotten, so memory stays bounded. */
final class RateLimiter {
    private final Rate rate;
    private final LongSupplier nanos;
    private final Cache<String, Bucket> buckets;

    RateLimiter(Rate rate, LongSupplier nanos) {
        this.rate = rate;
        this.nanos = nanos;
        this.buckets = Caffeine.newBuilder()
                .ticker(nanos::getAsLong)
                .expireAfterAccess(rate.per().multipliedBy(2))
                .maximumSize(100_000)
                .build();
    }

    /** Takes a permit for {@code key}; returns zero when granted, else how long until one is free. */
    Duration acquire(String key) {
        return acquire(key, 1);
    }

    /**
     * Takes {@code n} permits at once for {@code key} (at most the bucket's size: a cost larger than
     * the bucket takes it all); zero when granted, else how long until they are free. All or none.
     */
    Duration acquire(String key, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("permits to take must be >= 1, was " + n);
        }
        double need = Math.min(n, rate.permits());
        Bucket b = buckets.get(key, k -> new Bucket(rate.permits(), nanos.getAsLong()));
        synchronized (b) {
            long now = nanos.getAsLong();
            double perPermit = (double) rate.per().toNanos() / rate.permits();
            b.tokens = Math.min(rate.permits(), b.tokens + (now - b.last) / perPermit);
            b.last = now;
            if (b.tokens >= need) {
                b.tokens -= need;
                return Duration.ZERO;
            }
            return Duration.ofNanos((long) Math.ceil((need - b.tokens) * perPermit));
        }
    }

    /** Gives back a permit taken for {@code key} but not used (never above the bucket's size). */
    void refund(String key) {
        Bucket b = buckets.getIfPresent(key);
        if (b != null) {
            synchronized (b) {
                b.tokens = Math.min(rate.permits(), b.tokens + 1);
            }
        }
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }
}
