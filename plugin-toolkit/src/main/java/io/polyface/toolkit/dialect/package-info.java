/** Pieces every dialect plugin needs when it answers in its vendor's words, such as quoting client input. */
package io.polyface.toolkit.dialect;
