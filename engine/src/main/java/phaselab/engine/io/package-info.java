/**
 * Safetensors files (the Hugging Face format: an 8-byte little-endian header length, a JSON
 * header, raw little-endian data), read defensively and written atomically, plus the small JSON
 * codec the header needs (the engine depends on the JDK only).
 */
package phaselab.engine.io;
