/**
 * Target groups and scheduled checks: what a run of a group found per target ({@link
 * TargetSnapshot}), what changed since the previous run ({@link ChangeDetector}), the history of
 * runs ({@link HistoryStore}), and where summaries are posted ({@link Notifier}).
 */
@NullMarked
package dev.mailtls.summary;

import org.jspecify.annotations.NullMarked;
