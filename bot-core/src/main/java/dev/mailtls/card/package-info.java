/** The neutral Card and its text, Markdown and JSON renderers. */
@NullMarked
package dev.mailtls.card;

import org.jspecify.annotations.NullMarked;
