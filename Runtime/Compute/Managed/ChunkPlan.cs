using System;

namespace GdEngine.Compute.Managed
{
    /// <summary>
    /// How a whole chunk of an <see cref="ElementwiseProgram"/> runs with the fewest passes over memory (computed once
    /// per program, from its code alone):
    /// <list type="bullet">
    /// <item><see cref="Axpy"/>[i]: instruction i is a Mul by a scalar read only by the Add right after it (x + y·s:
    /// add_ with alpha, addcmul_, addcdiv_): both run as one pass in the Add. The Mul's operand is still intact then
    /// (nothing runs in between), so reading it in the Add is the same as reading the product's register.</item>
    /// <item><see cref="Operand"/>[r]: the operand whose memory register r's chunk is, or −1 for the register's own
    /// slot. A value read only by one Store is computed straight into the stored operand, when nothing loads or stores
    /// that operand in between; a Load reads its operand where it lies, when its last reader runs no later than the
    /// first write to that operand (a reader that is itself the write reads each element before writing it). An
    /// optimizer step's parameter, gradient and state then cost one read and one write each, not two of each.</item>
    /// </list>
    /// The plan assumes distinct operands do not share memory; <see cref="Copying"/> is the plan for runs where they
    /// do (every register in its slot, as the instructions are written).
    /// </summary>
    internal sealed class ChunkPlan
    {
        public readonly bool[] Axpy;
        public readonly int[] Operand;
        readonly ProgramInstr[] _code;
        ChunkPlan _copying;

        public ChunkPlan(ProgramInstr[] code) : this(code, inPlace: true) { }

        ChunkPlan(ProgramInstr[] code, bool inPlace)
        {
            _code = code;
            int n = code.Length;
            Axpy = new bool[n];
            Operand = new int[n];
            for (int r = 0; r < n; r++) Operand[r] = -1;
            var uses = new int[n];
            foreach (var c in code)
            {
                if (c.Op == ProgramOp.Store) uses[c.B]++;
                else if (IsCompute(c.Op)) { uses[c.A]++; if (IsBinary(c.Op)) uses[c.B]++; }
            }
            for (int r = 1; r < n; r++)
            {
                ProgramInstr add = code[r], mul = code[r - 1];
                Axpy[r - 1] = add.Op == ProgramOp.Add && add.B == r - 1 && code[add.A].Op != ProgramOp.Scalar
                    && mul.Op == ProgramOp.Mul && code[mul.B].Op == ProgramOp.Scalar && code[mul.A].Op != ProgramOp.Scalar && uses[r - 1] == 1;
            }
            if (!inPlace) return;

            // where each register is last read (a folded Mul's operand is read by the Add after it)
            var lastRead = new int[n];
            for (int r = 0; r < n; r++) lastRead[r] = -1;
            for (int i = 0; i < n; i++)
            {
                var c = code[i];
                int at = Axpy[i] ? i + 1 : i;
                if (c.Op == ProgramOp.Store) lastRead[c.B] = Math.Max(lastRead[c.B], i);
                else if (IsCompute(c.Op))
                {
                    lastRead[c.A] = Math.Max(lastRead[c.A], at);
                    if (IsBinary(c.Op)) lastRead[c.B] = Math.Max(lastRead[c.B], at);
                }
            }
            // values computed straight into the operand their one Store writes
            for (int s = 0; s < n; s++)
            {
                var st = code[s];
                if (st.Op != ProgramOp.Store) continue;
                int v = st.B;
                if (!IsCompute(code[v].Op) || Axpy[v] || uses[v] != 1) continue;
                bool touched = false;   // a load or store of the operand between the value and its store
                for (int i = v + 1; i < s && !touched; i++)
                    touched = (code[i].Op == ProgramOp.Load || code[i].Op == ProgramOp.Store) && code[i].A == st.A;
                if (!touched) Operand[v] = st.A;
            }
            // loads read in place when no write to their operand comes before their last reader
            for (int l = 0; l < n; l++)
            {
                if (code[l].Op != ProgramOp.Load) continue;
                int x = code[l].A, firstWrite = int.MaxValue;
                for (int i = l + 1; i < n; i++)
                    if ((Operand[i] == x && IsCompute(code[i].Op)) || (code[i].Op == ProgramOp.Store && code[i].A == x && Operand[code[i].B] != x))
                    { firstWrite = i; break; }
                if (lastRead[l] <= firstWrite) Operand[l] = x;
            }
        }

        /// <summary>Every register in its own slot: loads copy in, stores copy out.</summary>
        public ChunkPlan Copying => _copying ?? (_copying = new ChunkPlan(_code, inPlace: false));

        static bool IsCompute(ProgramOp op) => op != ProgramOp.Load && op != ProgramOp.Scalar && op != ProgramOp.Store;
        static bool IsBinary(ProgramOp op) => op != ProgramOp.Sqrt && op != ProgramOp.Neg;
    }
}
