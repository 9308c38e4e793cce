using System;
using System.Runtime.InteropServices;
using GdEngine.Interop.OpenCL;

namespace GdEngine.Compute.OpenCL
{
    /// <summary>
    /// The device-side index guard. The tensor API checks indices on the host before an index op runs, but that
    /// check can be off (<c>Torch.ValidateIndices</c>), and it trusts a storage version a host can bypass by writing
    /// a tensor's buffer directly. A kernel that follows an index therefore checks it too: out of range it reads
    /// nothing for that element (gather writes 0, scatter_add adds nothing, cross_entropy's loss is NaN) and lowers a fault word to its launch's sequence number (atomic_min, so the
    /// earliest faulting launch wins). The word is read back only where the queue is waited on anyway (a read or a
    /// synchronize), in the same wait, and a fault throws there, as a CUDA device-side assert does in torch.
    /// </summary>
    public sealed unsafe partial class OpenCLBackend
    {
        const int NoFault = int.MaxValue;
        const int GuardRing = 256;   // the launches a fault can still be attributed to, by sequence number

        readonly struct GuardedLaunch
        {
            public GuardedLaunch(string op, int axis, int size) { Op = op; Axis = axis; Size = size; }
            public readonly string Op; public readonly int Axis, Size;
        }

        nint _faultMem;                 // one int on the device: NoFault, or the lowest faulting sequence number
        int* _faultHost;                // where a read of it lands (unmanaged: the read is queued without waiting)
        int _guardSeq;                  // sequence number of the last guarded launch
        bool _guardPending;             // a guarded launch was queued since the word's last read was
        bool _faultReadQueued;
        readonly GuardedLaunch[] _guarded = new GuardedLaunch[GuardRing];

        /// <summary>Registers a guarded launch (under <c>_launch</c>) and returns the fault word and the sequence number
        /// to pass to its kernel.</summary>
        (nint fault, int seq) Guard(string op, int axis, int size)
        {
            if (_faultMem == 0)
            {
                int err, none = NoFault;
                _faultMem = _cl.CreateBuffer(_context, MemFlags.ReadWrite | MemFlags.CopyHostPtr, sizeof(int), &none, &err);
                if (err != 0) throw new ClException(err, "CreateBuffer", "index fault word");
                _faultHost = (int*)Marshal.AllocHGlobal(sizeof(int));
                *_faultHost = NoFault;
            }
            if (_guardSeq == NoFault - 1) { FinishAndCheckFault(); _guardSeq = 0; }
            int seq = ++_guardSeq;
            _guardPending = true;
            _guarded[seq % GuardRing] = new GuardedLaunch(op, axis, size);
            return (_faultMem, seq);
        }

        /// <summary>Before a blocking read (under <c>_launch</c>): queues the fault word's read ahead of it, so the
        /// one wait covers both. True when this call queued it: that caller, after its wait, calls CheckFault.</summary>
        bool QueueFaultRead()
        {
            if (!_guardPending || _faultReadQueued) return false;
            int st = _cl.EnqueueReadBuffer(_queue, _faultMem, false, 0, sizeof(int), _faultHost, 0, null, null);
            if (st != 0) throw new ClException(st, "EnqueueReadBuffer", "index fault word");
            _guardPending = false;
            _faultReadQueued = true;
            return true;
        }

        /// <summary>After the queue was waited on (under <c>_launch</c>): throws if a guarded launch met a bad index, and
        /// clears the word for the launches that follow.</summary>
        void CheckFault()
        {
            _faultReadQueued = false;
            int seq = *_faultHost, last = _guardSeq;
            if (seq == NoFault) return;
            int none = NoFault;
            *_faultHost = NoFault;
            int st = _cl.EnqueueWriteBuffer(_queue, _faultMem, true, 0, sizeof(int), &none, 0, null, null);
            if (st != 0) throw new ClException(st, "EnqueueWriteBuffer", "index fault word");
            var g = _guarded[seq % GuardRing];
            string what = last - seq >= GuardRing ? "an index op: an index is out of bounds"
                : g.Op == "cross_entropy" ? $"cross_entropy: a target is out of bounds for {g.Size} classes"
                : $"{g.Op}: an index is out of bounds for dimension {g.Axis} with size {g.Size}";
            throw new IndexOutOfRangeException(what + $" (found on {Name} after the op ran: gather wrote 0 for that element, scatter_add added nothing, " +
                "cross_entropy gave NaN for that row. The host's check is off (Torch.ValidateIndices) or was bypassed by writing the index buffer directly)");
        }

        void FinishAndCheckFault()
        {
            bool queued = QueueFaultRead();
            ClException.Check(_cl.Finish(_queue), "Finish");
            if (queued) CheckFault();
        }

        void ReleaseFaultWord()
        {
            if (_faultMem != 0) { _cl.ReleaseMemObject(_faultMem); _faultMem = 0; }
            if (_faultHost != null) { Marshal.FreeHGlobal((IntPtr)_faultHost); _faultHost = null; }
        }
    }
}
