package dev.mailtls.diagnosis;

/** Short constructors for the rules: one line per hint, severity first. */
final class Hints {
    private Hints() {}

    static Hint ok(HintCode code, String summary, String detail) {
        return new Hint(code, Severity.OK, summary, detail, "");
    }

    static Hint info(HintCode code, String summary, String detail, String fix) {
        return new Hint(code, Severity.INFO, summary, detail, fix);
    }

    static Hint warning(HintCode code, String summary, String detail, String fix) {
        return new Hint(code, Severity.WARNING, summary, detail, fix);
    }

    static Hint error(HintCode code, String summary, String detail, String fix) {
        return new Hint(code, Severity.ERROR, summary, detail, fix);
    }
}
