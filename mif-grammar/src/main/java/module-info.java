/**
 * The DMTF Management Information Format: parser, immutable document model, canonical writer and
 * JSON view. No ANTLR type appears in the API.
 */
module org.mifsync.mif {
    requires org.antlr.antlr4.runtime;
    exports org.mifsync.mif;
}
