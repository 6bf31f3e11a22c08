package dev.mailtls.diagnosis;

/**
 * When a certificate's remaining validity becomes worth a hint.
 *
 * @param certWarnDays at or below this many days left: a warning ({@link HintCode#CERT_EXPIRING})
 * @param certErrorDays at or below this many days left: an error ({@link HintCode#CERT_EXPIRING_SOON})
 */
public record DiagnosisThresholds(int certWarnDays, int certErrorDays) {

    public DiagnosisThresholds {
        if (certErrorDays < 0) {
            throw new IllegalArgumentException("certErrorDays must be >= 0, was " + certErrorDays);
        }
        if (certWarnDays < certErrorDays) {
            throw new IllegalArgumentException(
                    "certWarnDays (" + certWarnDays + ") must be >= certErrorDays (" + certErrorDays + ")");
        }
    }

    /** Warn 30 days before expiry, fail 7 days before. */
    public static DiagnosisThresholds defaults() {
        return new DiagnosisThresholds(30, 7);
    }
}
