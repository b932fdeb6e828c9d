package phaselab.lab.task.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The loaders on the real files (../shared/data). */
class RelationDataTest {
  @Test
  void fewRelHas16RelationsOf700AndASeededRecordedSplit() throws Exception {
    Path c = TestData.cacheWith(DataFile.FEWREL_VAL, DataFile.FEWREL_PIDS);
    RelationData d = RelationData.fewRel(DataFile.FEWREL_VAL.cached(c), DataFile.FEWREL_PIDS.cached(c), 0.2, 1);
    assertThat(d.labels()).hasSize(16);
    assertThat(d.test()).hasSize(16 * 140);
    assertThat(d.train()).hasSize(16 * 560);
    assertThat(d.splitRule()).contains("seed 1").contains("0.200");
    RelationData again = RelationData.fewRel(DataFile.FEWREL_VAL.cached(c), DataFile.FEWREL_PIDS.cached(c), 0.2, 1);
    assertThat(again.test().get(0).sentence()).isEqualTo(d.test().get(0).sentence());
    int[] perLabel = new int[16];
    d.test().forEach(x -> perLabel[x.label()]++);
    assertThat(perLabel).containsOnly(140);
    // the shuffle after the split mixes labels, so an eval_size prefix sees them all
    Set<Integer> firstLabels = new HashSet<>();
    d.train().subList(0, 200).forEach(x -> firstLabels.add(x.label()));
    assertThat(firstLabels).hasSize(16);
    RelationExample e = d.train().get(0);
    String[] marked = e.marked();
    assertThat(marked).contains(RelationExample.E1, RelationExample.E1_END, RelationExample.E2, RelationExample.E2_END);
    assertThat(marked.length).isEqualTo(e.words().length + 4);
  }

  @Test
  void eightyRelationFileSelectsTheSixtyFourTrainingRelations() throws Exception {
    Path c = TestData.cacheWith(DataFile.CFRL80, DataFile.CFRL80_NAMES, DataFile.FEWREL_VAL, DataFile.FEWREL_PIDS);
    RelationData all = RelationData.cfrl80(DataFile.CFRL80.cached(c), DataFile.CFRL80_NAMES.cached(c), DataFile.FEWREL_VAL.cached(c),
        DataFile.FEWREL_PIDS.cached(c), "all", 0.2, 1);
    RelationData train64 = RelationData.cfrl80(DataFile.CFRL80.cached(c), DataFile.CFRL80_NAMES.cached(c), DataFile.FEWREL_VAL.cached(c),
        DataFile.FEWREL_PIDS.cached(c), "train64", 0.2, 1);
    assertThat(all.labels()).hasSize(80);
    assertThat(all.train().size() + all.test().size()).isEqualTo(8000);
    assertThat(train64.labels()).hasSize(64);
    assertThat(train64.train().size() + train64.test().size()).isEqualTo(6400);
  }

  @Test
  void semEvalHasNineteenLabelsAndItsOfficialSplit() throws Exception {
    Path c = TestData.cacheWith(DataFile.SEMEVAL_TRAIN, DataFile.SEMEVAL_TEST);
    RelationData d = RelationData.semEval(DataFile.SEMEVAL_TRAIN.cached(c), DataFile.SEMEVAL_TEST.cached(c));
    assertThat(d.labels()).hasSize(19).contains("Other", "Component-Whole(e2,e1)");
    assertThat(d.train()).hasSize(8000);
    assertThat(d.test()).hasSize(2717);
    RelationExample first = RelationData.parseTagged("The <e1>system</e1> has a <e2>configuration</e2>, as usual.", 0, "t");
    assertThat(first.words()).containsExactly("The", "system", "has", "a", "configuration", ",", "as", "usual", ".");
    assertThat(first.headStart()).isEqualTo(1);
    assertThat(first.tailStart()).isEqualTo(4);
  }
}
