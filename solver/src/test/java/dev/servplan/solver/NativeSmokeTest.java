package dev.servplan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.ortools.Loader;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import org.junit.jupiter.api.Test;

class NativeSmokeTest {
  @Test
  void cpSatSolvesATinyModel() {
    Loader.loadNativeLibraries();
    CpModel m = new CpModel();
    IntVar x = m.newIntVar(0, 10, "x");
    IntVar y = m.newIntVar(0, 10, "y");
    m.addGreaterOrEqual(LinearExpr.weightedSum(new IntVar[] {x, y}, new long[] {3, 5}), 17);
    m.minimize(LinearExpr.weightedSum(new IntVar[] {x, y}, new long[] {4, 7}));
    CpSolver s = new CpSolver();
    assertThat(s.solve(m)).isEqualTo(CpSolverStatus.OPTIMAL);
    assertThat(s.objectiveValue()).isEqualTo(23.0);
  }
}
