/**
 * What a dialect reads from an image file before or beside decoding it: format signatures and the
 * EXIF orientation of a JPEG, with the turn that orientation stands for.
 */
package io.polyface.toolkit.image;
