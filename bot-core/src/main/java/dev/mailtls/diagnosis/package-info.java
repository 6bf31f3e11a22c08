/** Pure rules from a probe result to hints. */
@NullMarked
package dev.mailtls.diagnosis;

import org.jspecify.annotations.NullMarked;
