/** HTTP automation endpoint and web page (Javalin). Filled by a later issue. */
@NullMarked
package dev.mailtls.http;

import org.jspecify.annotations.NullMarked;
