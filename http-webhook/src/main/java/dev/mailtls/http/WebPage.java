package dev.mailtls.http;

import dev.mailtls.diagnosis.Diagnoser;
import dev.mailtls.service.ProbeService;
import io.javalin.config.RoutesConfig;

/** The web page at {@code /}. */
final class WebPage {
    private final HttpSettings settings;
    private final ProbeService service;
    private final Diagnoser diagnoser;

    WebPage(HttpSettings settings, ProbeService service, Diagnoser diagnoser) {
        this.settings = settings;
        this.service = service;
        this.diagnoser = diagnoser;
    }

    void register(RoutesConfig routes) {
        routes.get(
                "/",
                ctx -> ctx.contentType("text/html; charset=utf-8").result("<!doctype html><title>mailtls</title>"));
    }
}
