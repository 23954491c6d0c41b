"""The simulated civil-status system (Hệ thống hộ tịch): receives records, assigns its case code,
and on a tester's word returns the result or a refusal by a signed callback."""
