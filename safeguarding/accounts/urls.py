from django.urls import path

from safeguarding.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignIn.as_view(), name="sign-in"),
    path("sign-out/", views.SignOut.as_view(), name="sign-out"),
    path("sign-in/sso/<slug:slug>/", views.SingleSignOnStart.as_view(), name="single-sign-on"),
    path("sign-in/sso/<slug:slug>/callback/", views.SingleSignOnCallback.as_view(),
         name="single-sign-on-callback"),
    path("two-factor/", views.TwoFactor.as_view(), name="two-factor"),
    path("two-factor/set-up/", views.TwoFactorSetup.as_view(), name="two-factor-setup"),
    path("two-factor/recovery-codes/", views.RecoveryCodes.as_view(), name="recovery-codes"),
    path("", views.Account.as_view(), name="account"),
    path("api-tokens/", views.ApiTokenList.as_view(), name="api-tokens"),
    path("api-tokens/new/", views.ApiTokenCreate.as_view(), name="api-token-create"),
    path("api-tokens/created/", views.ApiTokenCreated.as_view(), name="api-token-created"),
    path("api-tokens/<int:pk>/revoke/", views.ApiTokenRevoke.as_view(), name="api-token-revoke"),
    path("password-reset/", views.PasswordReset.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetSent.as_view(), name="password-reset-sent"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirm.as_view(),
         name="password-reset-confirm"),
    path("password-reset/complete/", views.PasswordResetComplete.as_view(),
         name="password-reset-complete"),
]
