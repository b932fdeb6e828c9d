package phaselab.lab.run;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;

/**
 * Protobuf schemas written in code: the fields phaselab reads or writes of a third-party .proto
 * (ONNX's, TensorBoard's), with that file's field numbers, so protobuf-java itself does the wire
 * format without a protoc step in the build.
 */
public final class ProtoSchema {
  private ProtoSchema() {}

  /** A message with the given fields. */
  public static DescriptorProto message(String name, FieldDescriptorProto... fields) {
    DescriptorProto.Builder b = DescriptorProto.newBuilder().setName(name);
    for (FieldDescriptorProto f : fields) {
      b.addField(f);
    }
    return b.build();
  }

  /** A field; {@code typeName} (".package.Message") for message fields, else null. */
  public static FieldDescriptorProto field(String name, int number, Type type, Label label, String typeName) {
    FieldDescriptorProto.Builder b = FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type).setLabel(label);
    if (typeName != null) {
      b.setTypeName(typeName);
    }
    return b.build();
  }

  /** The file's descriptor (it imports nothing). */
  public static Descriptors.FileDescriptor build(FileDescriptorProto file) {
    try {
      return Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]);
    } catch (Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException("invalid schema " + file.getName() + ": " + e.getMessage(), e);
    }
  }
}
