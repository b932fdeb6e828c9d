package phaselab.lab.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's status from its folder: the trainer's lock (with a live process) and the log's last word. */
class RunStatusTest {
  @TempDir
  Path tmp;

  @Test
  void readsTheLockAndTheLog() throws Exception {
    RunDir run = new RunDir(tmp.resolve("r"));
    assertThat(run.status()).isEqualTo(RunStatus.PENDING);
    Files.createDirectories(run.path());
    Files.writeString(run.config(), "name: r\n");
    run.log("start: r, 10 parameters");
    assertThat(run.status()).isEqualTo(RunStatus.STOPPED); // started, no lock: interrupted or killed
    Files.writeString(run.lock(), ProcessHandle.current().pid() + "\n");
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    Files.writeString(run.lock(), dead.pid() + "\n"); // SIGKILLed trainer: its lock stays, its process is gone
    assertThat(run.status()).isEqualTo(RunStatus.STOPPED);
    Files.writeString(run.lock(), "12345 some-slurm-node\n"); // another host, the run writing: running
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    Files.setLastModifiedTime(run.log(), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    assertThat(run.status()).isEqualTo(RunStatus.STOPPED); // silent for an hour: gone
    Files.writeString(run.lock(), RunStatus.lockContent());
    assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
    Files.delete(run.lock());
    run.log(RunDir.FAILED + " step 3: the training loss is NaN");
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    run.log("resumed from checkpoints/step-000002.safetensors (step 2)");
    assertThat(run.status()).isEqualTo(RunStatus.STOPPED);
    run.log(RunDir.DONE + " step 10");
    assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
  }
}
