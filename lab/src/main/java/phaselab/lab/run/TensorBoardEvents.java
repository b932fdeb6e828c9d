package phaselab.lab.run;

import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Metric rows as a TensorBoard event file: one {@code Event} per row with the row's step and a
 * {@code Summary} holding one scalar ({@code simple_value}) tagged with the metric's name, after a
 * first event that names the file version. The messages are built by protobuf-java from the fields
 * of TensorBoard's event.proto and summary.proto that scalars use (field numbers as there); each is
 * framed as TFRecord: length (uint64 LE), its masked CRC32C, the bytes, their masked CRC32C.
 * Wall times are 0, so the same run exports to the same bytes.
 */
public final class TensorBoardEvents {
  private static final Descriptor EVENT;
  private static final Descriptor SUMMARY;
  private static final Descriptor VALUE;

  static {
    FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("phaselab_tensorboard_subset.proto").setPackage("tensorboard")
        .setSyntax("proto3")
        .addMessageType(ProtoSchema.message("SummaryValue",
            ProtoSchema.field("tag", 1, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null),
            ProtoSchema.field("simple_value", 2, Type.TYPE_FLOAT, Label.LABEL_OPTIONAL, null)))
        .addMessageType(ProtoSchema.message("Summary",
            ProtoSchema.field("value", 1, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".tensorboard.SummaryValue")))
        .addMessageType(ProtoSchema.message("Event",
            ProtoSchema.field("wall_time", 1, Type.TYPE_DOUBLE, Label.LABEL_OPTIONAL, null),
            ProtoSchema.field("step", 2, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null),
            ProtoSchema.field("file_version", 3, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null),
            ProtoSchema.field("summary", 5, Type.TYPE_MESSAGE, Label.LABEL_OPTIONAL, ".tensorboard.Summary")))
        .build();
    Descriptors.FileDescriptor fd = ProtoSchema.build(file);
    EVENT = fd.findMessageTypeByName("Event");
    SUMMARY = fd.findMessageTypeByName("Summary");
    VALUE = fd.findMessageTypeByName("SummaryValue");
  }

  private TensorBoardEvents() {}

  /** Writes the rows as {@code dir/events.out.tfevents.0.phaselab} (atomically); returns the file. */
  public static Path write(Path dir, List<RunDir.MetricRow> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    record(out, DynamicMessage.newBuilder(EVENT).setField(EVENT.findFieldByName("wall_time"), 0.0)
        .setField(EVENT.findFieldByName("file_version"), "brain.Event:2").build().toByteArray());
    for (RunDir.MetricRow r : rows) {
      DynamicMessage value = DynamicMessage.newBuilder(VALUE).setField(VALUE.findFieldByName("tag"), r.metric())
          .setField(VALUE.findFieldByName("simple_value"), (float) r.value()).build();
      DynamicMessage summary = DynamicMessage.newBuilder(SUMMARY).addRepeatedField(SUMMARY.findFieldByName("value"), value).build();
      DynamicMessage event = DynamicMessage.newBuilder(EVENT).setField(EVENT.findFieldByName("wall_time"), 0.0)
          .setField(EVENT.findFieldByName("step"), r.step()).setField(EVENT.findFieldByName("summary"), summary).build();
      record(out, event.toByteArray());
    }
    Path file = dir.resolve("events.out.tfevents.0.phaselab");
    SafeWrite.bytes(file, out.toByteArray());
    return file;
  }

  /** One TFRecord: uint64 length, masked CRC32C of those 8 bytes, data, masked CRC32C of the data. */
  private static void record(ByteArrayOutputStream out, byte[] data) {
    byte[] len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
    out.writeBytes(len);
    out.writeBytes(intLe(maskedCrc(len)));
    out.writeBytes(data);
    out.writeBytes(intLe(maskedCrc(data)));
  }

  /** TFRecord's mask: rotate the CRC32C right by 15 bits and add 0xa282ead8. */
  static int maskedCrc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    int crc = (int) c.getValue();
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  private static byte[] intLe(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
