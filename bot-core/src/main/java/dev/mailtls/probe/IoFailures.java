package dev.mailtls.probe;

import dev.mailtls.internal.io.LineTooLongException;
import dev.mailtls.internal.protocol.Session;
import dev.mailtls.internal.protocol.TooManyLinesException;
import dev.mailtls.internal.protocol.UnexpectedReplyException;
import dev.mailtls.net.Printable;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/** Turns an I/O problem in a phase into a failure with a stable code; the deadline wins. */
final class IoFailures {
    private IoFailures() {}

    /** Maps an I/O problem in a phase to a failure with a code, the deadline first. */
    static Failure of(ProbeRequest request, Phase phase, IOException e, boolean deadlinePassed) {
        if (deadlinePassed) {
            return new Failure(
                    phase,
                    FailureCode.DEADLINE_EXCEEDED,
                    "the probe's deadline of " + request.options().deadline().toSeconds() + " s passed during "
                            + phase.key(),
                    null);
        } else if (e instanceof LineTooLongException l) {
            return new Failure(
                    phase,
                    FailureCode.LINE_TOO_LONG,
                    "the server sent a line longer than " + Session.MAX_LINE_BYTES + " bytes",
                    Printable.of(l.prefix(), 200));
        } else if (e instanceof TooManyLinesException t) {
            return new Failure(phase, FailureCode.TOO_MANY_LINES, t.getMessage(), Printable.of(t.lastLine(), 300));
        } else if (e instanceof UnexpectedReplyException u) {
            return new Failure(phase, FailureCode.UNEXPECTED_REPLY, u.getMessage(), Printable.of(u.line(), 300));
        } else if (e instanceof SocketTimeoutException) {
            return new Failure(
                    phase, FailureCode.READ_TIMEOUT, "the server stopped answering during " + phase.key(), null);
        } else if (e instanceof EOFException || e instanceof SocketException) {
            return new Failure(
                    phase,
                    FailureCode.CONNECTION_CLOSED,
                    "the server closed the connection during " + phase.key() + ": " + e.getMessage(),
                    null);
        } else {
            return new Failure(phase, FailureCode.IO_ERROR, ProbeFlow.describe(e), null);
        }
    }
}
