/** The command grammar shared by the CLI and every chat front end. */
@NullMarked
package dev.mailtls.command;

import org.jspecify.annotations.NullMarked;
