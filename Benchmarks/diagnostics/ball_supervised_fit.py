# Diagnostic, not part of the package (JAX and optax from PyPI, as for ../shared/peers):
# fits the allen-cahn-ball exact solution at d = 100 by plain regression, with the PINN's own
# network and optimiser (u = (1 - |x|^2) N(x), N a 4 x 128 tanh MLP, Glorot uniform, Adam lr
# 1e-3 decayed linearly to 0, 100 fresh radius-uniform points per step, Float), and prints the
# relative L2 error at 20,000 test points. Separates what the network can represent in the
# budget from what the PINN loss makes it learn (Docs/problems-ball.md).
#
#     python3 Benchmarks/diagnostics/ball_supervised_fit.py STEPS
#
# The coefficients c_i are N(0, 1) from numpy's generator, not the package's stream: the same
# law, another draw.
import sys, time
import jax, jax.numpy as jnp, numpy as np
import optax
jax.config.update("jax_enable_x64", False)
d=100; rng=np.random.default_rng(0); c=jnp.array(rng.standard_normal(d-1), dtype=jnp.float32)
def s_of(x):
    p=x[:,:-1]; q=x[:,1:]
    return (c*jnp.sin(p+jnp.cos(q)+q*jnp.cos(p))).sum(1)
def pts(key,n):
    k1,k2=jax.random.split(key); z=jax.random.normal(k1,(n,d)); r=jax.random.uniform(k2,(n,))
    return z/jnp.linalg.norm(z,axis=1,keepdims=True)*r[:,None]
def init(key):
    sizes=[d,128,128,128,128,1]; ps=[]
    for a,b in zip(sizes[:-1],sizes[1:]):
        key,k=jax.random.split(key); lim=np.sqrt(6/(a+b)); ps.append((jax.random.uniform(k,(a,b),minval=-lim,maxval=lim), jnp.zeros(b)))
    return ps
def net(ps,x):
    h=x
    for W,b in ps[:-1]: h=jnp.tanh(h@W+b)
    W,b=ps[-1]; return (h@W+b)[:,0]
def loss(ps,x):
    a=1-(x**2).sum(1); return jnp.mean((a*net(ps,x)-a*s_of(x))**2)
steps=int(sys.argv[1]) if len(sys.argv) > 1 else 3000; sched=optax.linear_schedule(1e-3,0.0,steps); opt=optax.adam(sched)
ps=init(jax.random.PRNGKey(1)); st=opt.init(ps)
@jax.jit
def step(ps,st,key):
    x=pts(key,100); l,g=jax.value_and_grad(loss)(ps,x); u,st=opt.update(g,st,ps); return optax.apply_updates(ps,u),st,l
key=jax.random.PRNGKey(2); t=time.time()
for i in range(steps):
    key,k=jax.random.split(key); ps,st,l=step(ps,st,k)
xt=pts(jax.random.PRNGKey(9),20000); a=1-(xt**2).sum(1); u=a*s_of(xt); pred=a*net(ps,xt)
print("supervised", steps, "rel L2", float(jnp.linalg.norm(pred-u)/jnp.linalg.norm(u)), "time", time.time()-t)
