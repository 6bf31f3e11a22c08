/**
 * The history store over JDBC ({@link dev.mailtls.history.JdbcHistoryStore}): embedded H2 under the
 * data directory by default, PostgreSQL when a URL is configured ({@link
 * dev.mailtls.history.HistoryStores#fromConfig}), schema managed by Flyway.
 */
@NullMarked
package dev.mailtls.history;

import org.jspecify.annotations.NullMarked;
