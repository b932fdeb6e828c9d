package phaselab.lab.pretrained;

import static phaselab.lab.run.ProtoSchema.field;
import static phaselab.lab.run.ProtoSchema.message;

import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import phaselab.lab.run.ProtoSchema;

/**
 * The part of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto, IR version ≥ 3) that an importer
 * reads, as protobuf descriptors built in code, so that protobuf's own parser reads the file into
 * {@link com.google.protobuf.DynamicMessage}s. Field numbers are onnx.proto's; fields not declared
 * here (doc strings, value types, metadata) are kept by protobuf as unknown fields and ignored.
 */
final class OnnxSchema {
  static final Descriptor MODEL;
  static final Descriptor GRAPH;
  static final Descriptor NODE;
  static final Descriptor ATTRIBUTE;
  static final Descriptor TENSOR;
  static final Descriptor VALUE_INFO;
  static final Descriptor OPSET;

  /** TensorProto.DataType values the importer understands. */
  static final int FLOAT = 1;
  static final int INT32 = 6;
  static final int INT64 = 7;

  /** TensorProto.DataLocation.EXTERNAL: weights in a side file, which the importer refuses. */
  static final int EXTERNAL = 1;

  static {
    FileDescriptorProto file = FileDescriptorProto.newBuilder()
        .setName("phaselab_onnx_subset.proto")
        .setPackage("onnx")
        .setSyntax("proto2")
        .addMessageType(message("OperatorSetIdProto",
            field("domain", 1, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null),
            field("version", 2, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null)))
        .addMessageType(message("TensorProto",
            field("dims", 1, Type.TYPE_INT64, Label.LABEL_REPEATED, null),
            field("data_type", 2, Type.TYPE_INT32, Label.LABEL_OPTIONAL, null),
            field("float_data", 4, Type.TYPE_FLOAT, Label.LABEL_REPEATED, null),
            field("int32_data", 5, Type.TYPE_INT32, Label.LABEL_REPEATED, null),
            field("int64_data", 7, Type.TYPE_INT64, Label.LABEL_REPEATED, null),
            field("name", 8, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null),
            field("raw_data", 9, Type.TYPE_BYTES, Label.LABEL_OPTIONAL, null),
            field("data_location", 14, Type.TYPE_INT32, Label.LABEL_OPTIONAL, null)))
        .addMessageType(message("ValueInfoProto",
            field("name", 1, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null)))
        .addMessageType(message("AttributeProto",
            field("name", 1, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null),
            field("f", 2, Type.TYPE_FLOAT, Label.LABEL_OPTIONAL, null),
            field("i", 3, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null),
            field("t", 5, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL, ".onnx.TensorProto")))
        .addMessageType(message("NodeProto",
            field("input", 1, Type.TYPE_STRING, Label.LABEL_REPEATED, null),
            field("output", 2, Type.TYPE_STRING, Label.LABEL_REPEATED, null),
            field("name", 3, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null),
            field("op_type", 4, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null),
            field("attribute", 5, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".onnx.AttributeProto"),
            field("domain", 7, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null)))
        .addMessageType(message("GraphProto",
            field("node", 1, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".onnx.NodeProto"),
            field("name", 2, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null),
            field("initializer", 5, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".onnx.TensorProto"),
            field("input", 11, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".onnx.ValueInfoProto"),
            field("output", 12, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".onnx.ValueInfoProto")))
        .addMessageType(message("ModelProto",
            field("ir_version", 1, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null),
            field("producer_name", 2, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null),
            field("producer_version", 3, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null),
            field("graph", 7, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL, ".onnx.GraphProto"),
            field("opset_import", 8, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".onnx.OperatorSetIdProto")))
        .build();
    Descriptors.FileDescriptor fd = ProtoSchema.build(file);
    MODEL = fd.findMessageTypeByName("ModelProto");
    GRAPH = fd.findMessageTypeByName("GraphProto");
    NODE = fd.findMessageTypeByName("NodeProto");
    ATTRIBUTE = fd.findMessageTypeByName("AttributeProto");
    TENSOR = fd.findMessageTypeByName("TensorProto");
    VALUE_INFO = fd.findMessageTypeByName("ValueInfoProto");
    OPSET = fd.findMessageTypeByName("OperatorSetIdProto");
  }

  private OnnxSchema() {}
}
