/**
 * Request bodies of dialects: {@link io.polyface.toolkit.form.MultipartForm} reads a
 * {@code multipart/form-data} body strictly, refusing what it does not understand with a reason.
 */
package io.polyface.toolkit.form;
