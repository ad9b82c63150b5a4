# Sourced by the scripts: lets Open MPI run as root (containers, CI) and run
# more ranks than cores; ranks that wait yield their core; OpenBLAS starts no
# threads of its own (every rank is one core).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_mpi_yield_when_idle=1
export OPENBLAS_NUM_THREADS=1
